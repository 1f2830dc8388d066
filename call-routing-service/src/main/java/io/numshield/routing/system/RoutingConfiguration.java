package io.numshield.routing.system;

import io.numshield.support.security.EndpointRules;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;

/**
 * Only carriers ask for routes and report call events; only operators see and redeliver
 * the callback dead letters.
 */
@Configuration(proxyBeanMethods = false)
class RoutingConfiguration {

	@Bean
	EndpointRules routingEndpointRules() {
		return rules -> rules.requestMatchers(HttpMethod.POST, "/v1/call-routes", "/v1/call-events")
			.hasRole("CARRIER")
			.requestMatchers(HttpMethod.GET, "/v1/callbacks/dead-letters")
			.hasRole("OPERATOR")
			.requestMatchers(HttpMethod.POST, "/v1/callbacks/dead-letters/*/redelivery")
			.hasRole("OPERATOR");
	}

}
