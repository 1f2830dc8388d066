package io.numshield.routing.callback;

import io.numshield.core.callback.CallbackTargetPolicy;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The callback address rule of numshield-core (the one binding-service registers with),
 * with the operator's allow-list.
 */
@Configuration(proxyBeanMethods = false)
class CallbackTargetConfiguration {

	@Bean
	CallbackTargetPolicy callbackTargetPolicy(CallbackProperties properties) {
		return CallbackTargetPolicy.withSystemResolver(properties.allowedInternal());
	}

}
