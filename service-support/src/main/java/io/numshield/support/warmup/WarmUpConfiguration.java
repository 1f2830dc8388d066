package io.numshield.support.warmup;

import io.micrometer.core.instrument.MeterRegistry;
import io.numshield.core.redis.RedisKeys;
import io.numshield.support.security.TokenProperties;

import org.redisson.api.RedissonClient;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.core.Ordered;

/**
 * The warm-up of a service that has a {@link WarmUpPlan}, when
 * {@code numshield.warmup.enabled} ({@link WarmUpRunner}). Its gate comes first of all
 * filters: the hot filters are registered after it ({@code HIGHEST_PRECEDENCE + 1}).
 */
@AutoConfiguration(afterName = { "io.numshield.support.redis.RedisConfiguration",
		"io.numshield.support.security.InternalTokenSecurityConfiguration" })
@ConditionalOnBooleanProperty("numshield.warmup.enabled")
@ConditionalOnBean(WarmUpPlan.class)
@EnableConfigurationProperties(WarmUpProperties.class)
public class WarmUpConfiguration {

	@Bean
	WarmUpGate warmUpGate() {
		return new WarmUpGate();
	}

	@Bean
	FilterRegistrationBean<WarmUpGate> warmUpGateRegistration(WarmUpGate gate) {
		FilterRegistrationBean<WarmUpGate> registration = new FilterRegistrationBean<>(gate);
		registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
		registration.setAsyncSupported(true);
		registration.addUrlPatterns("/v1/*");
		return registration;
	}

	@Bean
	WarmUpRunner warmUp(WarmUpProperties properties, WarmUpPlan plan, WarmUpGate gate, RedisKeys keys,
			RedissonClient redisson, TokenProperties tokens, MeterRegistry meters,
			WebServerApplicationContext context) {
		return new WarmUpRunner(properties, plan, gate, keys, redisson, tokens.audience(), meters, context);
	}

}
