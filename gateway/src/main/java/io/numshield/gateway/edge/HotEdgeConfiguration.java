package io.numshield.gateway.edge;

import io.micrometer.core.instrument.MeterRegistry;
import io.numshield.gateway.routing.AsyncProxy;
import io.numshield.gateway.routing.RouteTable;
import io.numshield.support.web.hot.HotAnswerCounter;

import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

/**
 * Puts {@link HotEdgeFilter} before every other filter (Spring's observation and encoding
 * filters, {@link SignedRequestFilter}, Gateway MVC) when
 * {@code numshield.gateway.hot-path.enabled} is true, the default; {@code false}
 * ({@code NUMSHIELD_GATEWAY_HOT_PATH_ENABLED=false}) leaves every request to the MVC
 * path, so that one build can be measured both ways, as the services' switches do.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnBooleanProperty(name = "numshield.gateway.hot-path.enabled", matchIfMissing = true)
class HotEdgeConfiguration {

	/**
	 * Every answer of the hot endpoints by status, the edge's own refusals and the MVC
	 * path's included ({@code http.hot.answers}).
	 */
	@Bean
	FilterRegistrationBean<HotAnswerCounter> hotEdgeAnswers(MeterRegistry meters) {
		return HotAnswerCounter.registration(meters, "/v1/call-routes", "/v1/call-events", "/v1/bindings",
				"/v1/bindings/{bindingId}");
	}

	@Bean
	FilterRegistrationBean<HotEdgeFilter> hotEdgeFilter(EdgeCheck edge, RouteTable routes, AsyncProxy proxy) {
		FilterRegistrationBean<HotEdgeFilter> registration = new FilterRegistrationBean<>(
				new HotEdgeFilter(edge, routes, proxy));
		// after the answer counter, before everything else
		registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 1);
		registration.setAsyncSupported(true);
		registration.addUrlPatterns(HotEdgeFilter.URL_PATTERNS);
		return registration;
	}

}
