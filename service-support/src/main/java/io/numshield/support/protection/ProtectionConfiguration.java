package io.numshield.support.protection;

import io.numshield.core.crypto.PersonalDataProtector;
import io.numshield.core.crypto.ProtectionKeys;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/** The {@link PersonalDataProtector}, from keys in configuration; refuses to start without them. */
@AutoConfiguration
@EnableConfigurationProperties(ProtectionProperties.class)
public class ProtectionConfiguration {

	@Bean
	PersonalDataProtector personalDataProtector(ProtectionProperties properties) {
		return new PersonalDataProtector(
				ProtectionKeys.configured(properties.aeadKeyset(), properties.blindIndexKey(),
						properties.idempotencyKey(), properties.dir()));
	}
}
