package io.numshield.binding.platform;

import io.numshield.core.callback.CallbackTargetPolicy;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The callback address rule of numshield-core, with the operator's allow-list and the
 * JDK's resolver.
 */
@Configuration(proxyBeanMethods = false)
class CallbackTargetConfiguration {

	@Bean
	CallbackTargetPolicy callbackTargetPolicy(CallbackTargetProperties properties) {
		return CallbackTargetPolicy.withSystemResolver(properties.allowedInternal());
	}

}
