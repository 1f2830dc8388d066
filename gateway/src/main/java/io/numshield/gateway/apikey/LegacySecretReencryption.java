package io.numshield.gateway.apikey;

import io.numshield.core.crypto.ApiKeySecretKeyset;
import io.numshield.core.crypto.ProtectionKeys;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.stereotype.Component;

/**
 * Once, at start (before the web server takes requests): API-key secrets that an older
 * gateway stored under the personal-data AEAD keyset are re-encrypted under the gateway's
 * own keyset, bound to their key id and role. Only then is the personal-data keyset read
 * ({@code NUMSHIELD_KEYS_AEAD_KEYSET}, or {@code aead-keyset.json} in
 * {@code NUMSHIELD_KEYS_DIR}); without it the gateway refuses to start and says what to
 * give it. With no such rows, it reads no personal-data key at all.
 */
@Component
class LegacySecretReencryption implements SmartInitializingSingleton {

	private static final Logger log = LoggerFactory.getLogger(LegacySecretReencryption.class);

	private final ApiKeyRepository repository;

	private final ApiKeySecrets secrets;

	private final ApiKeySecretProperties properties;

	LegacySecretReencryption(ApiKeyRepository repository, ApiKeySecrets secrets, ApiKeySecretProperties properties) {
		this.repository = repository;
		this.secrets = secrets;
		this.properties = properties;
	}

	@Override
	public void afterSingletonsInstantiated() {
		List<ApiKeyRepository.LegacySecret> legacy = repository.findNotSealedWith(ApiKeySecrets.SCHEME);
		if (legacy.isEmpty()) {
			return;
		}
		String keysetJson = personalDataKeyset(legacy.size());
		UnaryOperator<String> decrypt = ApiKeySecretKeyset.legacySecretDecrypter(keysetJson);
		List<String> unreadable = new ArrayList<>();
		int done = 0;
		for (ApiKeyRepository.LegacySecret row : legacy) {
			String secret;
			try {
				secret = decrypt.apply(row.ciphertext());
			}
			catch (IllegalStateException ex) {
				unreadable.add(row.keyId());
				continue;
			}
			if (repository.replaceSecret(row.keyId(), row.ciphertext(),
					secrets.seal(secret, row.keyId(), row.role()))) {
				done++;
			}
		}
		if (!unreadable.isEmpty()) {
			throw new IllegalStateException("API keys " + unreadable + " are stored under a personal-data keyset that "
					+ "does not decrypt them: give the keyset they were written with, or delete those rows");
		}
		log.info("re-encrypted {} API-key secrets under the API-key secrets keyset; the personal-data keyset is no "
				+ "longer needed by the gateway", done);
	}

	private String personalDataKeyset(int rows) {
		if (properties.aeadKeyset() != null && !properties.aeadKeyset().isBlank()) {
			return properties.aeadKeyset();
		}
		Path file = properties.dir() == null || properties.dir().isBlank() ? null
				: Path.of(properties.dir()).resolve(ProtectionKeys.AEAD_KEYSET_FILE);
		if (file == null || !Files.exists(file)) {
			throw new IllegalStateException(rows + " API keys are stored under the personal-data keyset of an older "
					+ "gateway. Start the gateway once with that keyset (NUMSHIELD_KEYS_AEAD_KEYSET, or "
					+ ProtectionKeys.AEAD_KEYSET_FILE
					+ " in NUMSHIELD_KEYS_DIR) to re-encrypt them under its own keyset, "
					+ "or recreate the gateway database (make run: dropdb numshield_gateway)");
		}
		try {
			return Files.readString(file, StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("cannot read " + file, ex);
		}
	}

}
