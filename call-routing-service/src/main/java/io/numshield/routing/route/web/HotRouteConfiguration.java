package io.numshield.routing.route.web;

import io.micrometer.core.instrument.MeterRegistry;
import io.numshield.core.token.Role;
import io.numshield.routing.route.RouteAnswer;
import io.numshield.routing.route.RouteRequest;
import io.numshield.routing.route.RoutingService;
import io.numshield.routing.scope.CarrierScope;
import io.numshield.support.web.hot.BearerAuthentication;
import io.numshield.support.web.hot.HotAnswerCounter;
import io.numshield.support.web.hot.JsonBody;

import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.security.oauth2.jwt.JwtDecoder;

import tools.jackson.databind.json.JsonMapper;

/**
 * Puts {@link HotRouteFilter} before every other filter (Spring Security's chain
 * included) when {@code numshield.routing.hot-path.enabled} is true, the default;
 * {@code false} ({@code NUMSHIELD_ROUTING_HOT_PATH_ENABLED=false}) leaves every route to
 * {@link RouteController}, so one build can be measured both ways. The filter reuses the
 * beans the MVC path uses: the token decoder, the JSON mapper, the validator.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnBooleanProperty(name = "numshield.routing.hot-path.enabled", matchIfMissing = true)
public class HotRouteConfiguration {

	/** Every answer of this endpoint by status (the MVC path's too). */
	@Bean
	FilterRegistrationBean<HotAnswerCounter> hotRouteAnswers(MeterRegistry meters) {
		return HotAnswerCounter.registration(meters, HotRouteFilter.PATH);
	}

	@Bean
	FilterRegistrationBean<HotRouteFilter> hotRouteFilter(JwtDecoder decoder, JsonMapper json, CarrierScope scope,
			RoutingService routing) {
		FilterRegistrationBean<HotRouteFilter> registration = new FilterRegistrationBean<>(
				filter(decoder, json, scope, routing));
		// after the warm-up's gate (WarmUpConfiguration), before everything else
		registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 1);
		registration.setAsyncSupported(true);
		registration.addUrlPatterns(HotRouteFilter.PATH);
		return registration;
	}

	/**
	 * The filter on these parts; the warm-up builds its twin here too
	 * ({@code RoutingWarmUp}).
	 */
	public static HotRouteFilter filter(JwtDecoder decoder, JsonMapper json, CarrierScope scope,
			RoutingService routing) {
		return new HotRouteFilter(new BearerAuthentication(decoder, Role.CARRIER),
				new JsonBody<>(json.readerFor(RouteRequest.class), RouteRequest::check),
				json.writerFor(RouteAnswer.class), scope, routing);
	}

}
