package io.numshield.routing.event.web;

import io.micrometer.core.instrument.MeterRegistry;
import io.numshield.core.token.Role;
import io.numshield.routing.event.CallEventRequest;
import io.numshield.routing.event.CallEventService;
import io.numshield.routing.event.CallEventService.Recorded;
import io.numshield.routing.scope.CarrierScope;
import io.numshield.support.web.hot.BearerAuthentication;
import io.numshield.support.web.hot.HotAnswerCounter;
import io.numshield.support.web.hot.JsonBody;

import jakarta.servlet.Filter;

import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.security.oauth2.jwt.JwtDecoder;

import tools.jackson.databind.json.JsonMapper;

/**
 * Puts {@link HotCallEventFilter} before every other filter under the routes' switch,
 * {@code numshield.routing.hot-path.enabled} (default true;
 * {@code NUMSHIELD_ROUTING_HOT_PATH_ENABLED=false} leaves every call event to
 * {@link CallEventController}): one switch for both hot endpoints of the service,
 * measured together.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnBooleanProperty(name = "numshield.routing.hot-path.enabled", matchIfMissing = true)
public class HotCallEventConfiguration {

	/** Every answer of this endpoint by status (the MVC path's too). */
	@Bean
	FilterRegistrationBean<HotAnswerCounter> hotCallEventAnswers(MeterRegistry meters) {
		return HotAnswerCounter.registration(meters, HotCallEventFilter.PATH);
	}

	@Bean
	FilterRegistrationBean<HotCallEventFilter> hotCallEventFilter(JwtDecoder decoder, JsonMapper json,
			CarrierScope scope, CallEventService events) {
		FilterRegistrationBean<HotCallEventFilter> registration = new FilterRegistrationBean<>(
				hotFilter(decoder, json, scope, events));
		// after the warm-up's gate (WarmUpConfiguration), before everything else
		registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 1);
		registration.setAsyncSupported(true);
		registration.addUrlPatterns(HotCallEventFilter.PATH);
		return registration;
	}

	/**
	 * The filter on these parts; the warm-up builds its twin here too
	 * ({@code RoutingWarmUp}).
	 */
	public static Filter filter(JwtDecoder decoder, JsonMapper json, CarrierScope scope, CallEventService events) {
		return hotFilter(decoder, json, scope, events);
	}

	private static HotCallEventFilter hotFilter(JwtDecoder decoder, JsonMapper json, CarrierScope scope,
			CallEventService events) {
		return new HotCallEventFilter(new BearerAuthentication(decoder, Role.CARRIER),
				new JsonBody<>(json.readerFor(CallEventRequest.class), CallEventRequest::check),
				json.writerFor(Recorded.class), scope, events);
	}

}
