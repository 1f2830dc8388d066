package io.numshield.support.security;

import org.springframework.security.config.annotation.web.configurers.AuthorizeHttpRequestsConfigurer;

/**
 * A service's table of which role may call which endpoint. Anything not listed is
 * refused.
 */
@FunctionalInterface
public interface EndpointRules {

	void apply(AuthorizeHttpRequestsConfigurer<?>.AuthorizationManagerRequestMatcherRegistry rules);

}
