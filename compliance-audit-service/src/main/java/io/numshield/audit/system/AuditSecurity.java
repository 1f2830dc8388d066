package io.numshield.audit.system;

import io.numshield.support.security.EndpointRules;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Regulators ask everything of the ledger; operators may only verify the chain and read
 * its signed checkpoints; platforms read their own call records and ask for recording
 * links, which are fetched without an API token.
 */
@Configuration(proxyBeanMethods = false)
class AuditSecurity {

	@Bean
	EndpointRules auditEndpointRules() {
		return rules -> rules.requestMatchers("/v1/audit/verify", "/v1/audit/checkpoints", "/v1/audit/checkpoints/key")
			.hasAnyRole("REGULATOR", "OPERATOR")
			.requestMatchers("/v1/audit/**")
			.hasRole("REGULATOR")
			.requestMatchers("/v1/bindings/*/calls", "/v1/calls", "/v1/calls/*/recording")
			.hasRole("PLATFORM")
			// a recording link's token is its own credential (RecordingLinks): no API
			// token
			.requestMatchers("/v1/recordings/*")
			.permitAll();
	}

}
