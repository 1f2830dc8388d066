package io.numshield.gateway.edge;

import io.numshield.gateway.routing.AsyncProxy;
import io.numshield.gateway.routing.RouteTable;

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

	@Bean
	FilterRegistrationBean<HotEdgeFilter> hotEdgeFilter(EdgeCheck edge, RouteTable routes, AsyncProxy proxy) {
		FilterRegistrationBean<HotEdgeFilter> registration = new FilterRegistrationBean<>(
				new HotEdgeFilter(edge, routes, proxy));
		registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
		registration.setAsyncSupported(true);
		registration.addUrlPatterns(HotEdgeFilter.URL_PATTERNS);
		return registration;
	}

}
