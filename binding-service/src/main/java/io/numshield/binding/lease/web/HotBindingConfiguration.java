package io.numshield.binding.lease.web;

import io.micrometer.core.instrument.MeterRegistry;
import io.numshield.binding.lease.BindingRequest;
import io.numshield.binding.lease.BindingService;
import io.numshield.binding.lease.BindingView;
import io.numshield.binding.lease.IdempotentCreates;
import io.numshield.core.token.Role;
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
 * Puts {@link HotBindingFilter} before every other filter (Spring Security's chain
 * included) when {@code numshield.binding.hot-path.enabled} is true, the default;
 * {@code false} ({@code NUMSHIELD_BINDING_HOT_PATH_ENABLED=false}) leaves every binding
 * request to {@link BindingController}, so one build can be measured both ways. The
 * filter reuses the beans the MVC path uses: the token decoder, the JSON mapper, the
 * validator.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnBooleanProperty(name = "numshield.binding.hot-path.enabled", matchIfMissing = true)
class HotBindingConfiguration {

	/** Every answer of these endpoints by status (the MVC path's too). */
	@Bean
	FilterRegistrationBean<HotAnswerCounter> hotBindingAnswers(MeterRegistry meters) {
		return HotAnswerCounter.registration(meters, HotBindingFilter.PATH, HotBindingFilter.PATH + "/{bindingId}");
	}

	@Bean
	FilterRegistrationBean<HotBindingFilter> hotBindingFilter(JwtDecoder decoder, JsonMapper json,
			IdempotentCreates creates, BindingService bindings) {
		FilterRegistrationBean<HotBindingFilter> registration = new FilterRegistrationBean<>(
				filter(decoder, json, creates, bindings));
		// after the warm-up's gate (WarmUpConfiguration), before everything else
		registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 1);
		registration.setAsyncSupported(true);
		registration.addUrlPatterns(HotBindingFilter.PATH, HotBindingFilter.PATH + "/*");
		return registration;
	}

	/**
	 * The filter on these parts; the warm-up builds its twin here too
	 * ({@link BindingWarmUp}).
	 */
	static HotBindingFilter filter(JwtDecoder decoder, JsonMapper json, IdempotentCreates creates,
			BindingService bindings) {
		return new HotBindingFilter(new BearerAuthentication(decoder, Role.PLATFORM),
				new JsonBody<>(json.readerFor(BindingRequest.class), BindingRequest::check),
				json.writerFor(BindingView.class), creates, bindings);
	}

}
