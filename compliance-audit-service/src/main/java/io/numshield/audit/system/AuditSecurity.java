package io.numshield.audit.system;

import io.numshield.support.security.EndpointRules;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Regulators' endpoints come with their issue; until then only health and metrics answer. */
@Configuration(proxyBeanMethods = false)
class AuditSecurity {

	@Bean
	EndpointRules auditEndpointRules() {
		return rules -> rules.requestMatchers("/v1/audit/**").hasAnyRole("REGULATOR", "OPERATOR");
	}
}
