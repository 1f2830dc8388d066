package io.numshield.audit.system;

import io.numshield.support.security.EndpointRules;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Regulators ask everything; operators may only verify the chain and read its signed
 * checkpoints.
 */
@Configuration(proxyBeanMethods = false)
class AuditSecurity {

	@Bean
	EndpointRules auditEndpointRules() {
		return rules -> rules.requestMatchers("/v1/audit/verify", "/v1/audit/checkpoints", "/v1/audit/checkpoints/key")
			.hasAnyRole("REGULATOR", "OPERATOR")
			.requestMatchers("/v1/audit/**")
			.hasRole("REGULATOR");
	}

}
