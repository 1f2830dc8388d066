package io.numshield.support.protection;

import io.numshield.core.crypto.PersonalDataProtector;
import io.numshield.core.crypto.ProtectionKeys;

import java.nio.file.Path;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/** The {@link PersonalDataProtector}, from keys in configuration; refuses to start without them. */
@AutoConfiguration
@EnableConfigurationProperties(ProtectionProperties.class)
public class ProtectionConfiguration {

	@Bean
	PersonalDataProtector personalDataProtector(ProtectionProperties properties) {
		ProtectionKeys keys;
		if (properties.aeadKeyset() != null && !properties.aeadKeyset().isBlank() && properties.blindIndexKey() != null) {
			keys = ProtectionKeys.of(properties.aeadKeyset(), properties.blindIndexKey());
		}
		else if (properties.dir() != null && !properties.dir().isBlank()) {
			keys = ProtectionKeys.fromDirectory(Path.of(properties.dir()));
		}
		else {
			throw new IllegalStateException("no personal-data keys: set NUMSHIELD_KEYS_DIR, or NUMSHIELD_KEYS_AEAD_KEYSET and "
					+ "NUMSHIELD_KEYS_BLIND_INDEX_KEY (make run generates a local key directory)");
		}
		return new PersonalDataProtector(keys);
	}
}
