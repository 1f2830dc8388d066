package io.numshield.support.protection;

import io.numshield.core.crypto.PersonalDataProtector;
import io.numshield.core.crypto.ProtectionKeys;
import io.numshield.support.security.EndpointRules;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * The {@link PersonalDataProtector}, from keys in configuration; refuses to start without
 * them. Only in a service behind the internal token (its {@link EndpointRules} say so):
 * the gateway must not hold the personal-data keys (docs/security.md), so it does not get
 * this part.
 */
@AutoConfiguration
@ConditionalOnBean(EndpointRules.class)
@EnableConfigurationProperties(ProtectionProperties.class)
public class ProtectionConfiguration {

	@Bean
	PersonalDataProtector personalDataProtector(ProtectionProperties properties) {
		return new PersonalDataProtector(ProtectionKeys.configured(properties.aeadKeyset(), properties.blindIndexKey(),
				properties.idempotencyKey(), properties.dir()));
	}

}
