package io.numshield.binding.system;

import io.numshield.support.security.EndpointRules;

import java.time.Clock;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;

/** Who may call which binding-service endpoint (the contract's roles), and the clock. */
@Configuration(proxyBeanMethods = false)
class SystemConfiguration {

	@Bean
	EndpointRules bindingEndpointRules() {
		// a regulator may suspend a platform from a case file (ADR 0030; the controller
		// refuses a regulator's suspension without a caseId)
		return rules -> rules.requestMatchers(HttpMethod.POST, "/v1/platforms/*/suspend")
			.hasAnyRole("REGULATOR", "OPERATOR")
			.requestMatchers("/v1/pools", "/v1/pools/**", "/v1/platforms", "/v1/platforms/**")
			.hasRole("OPERATOR")
			.requestMatchers(HttpMethod.POST, "/v1/numbers/*/flags")
			.hasRole("CARRIER")
			.requestMatchers("/v1/numbers/**")
			.hasRole("OPERATOR")
			.requestMatchers(HttpMethod.POST, "/v1/blocklist", "/v1/blocklist/removals")
			.hasAnyRole("REGULATOR", "OPERATOR")
			.requestMatchers("/v1/bindings", "/v1/bindings/**", "/v1/bindings:batch", "/v1/identity-reports",
					"/v1/identity-reports/**", "/v1/groups", "/v1/groups/**")
			.hasRole("PLATFORM")
			.requestMatchers("/v1/inventory", "/v1/platform-blocklist", "/v1/platform-blocklist/removals")
			.hasRole("PLATFORM");
	}

	@Bean
	Clock clock() {
		return Clock.systemUTC();
	}

}
