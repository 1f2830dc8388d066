package io.numshield.routing.system;

import io.numshield.support.security.EndpointRules;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;

/** Only carriers ask for routes and report call events. */
@Configuration(proxyBeanMethods = false)
class RoutingConfiguration {

	@Bean
	EndpointRules routingEndpointRules() {
		return rules -> rules.requestMatchers(HttpMethod.POST, "/v1/call-routes", "/v1/call-events").hasRole("CARRIER");
	}

}
