package io.numshield.gateway.apikey;

import io.numshield.core.crypto.ApiKeySecretKeyset;
import io.numshield.core.token.Role;

import org.springframework.stereotype.Component;

/**
 * Seals API-key secrets for the {@code api_key} table and opens them: AEAD with the
 * gateway's own keyset, the key id and role as associated data (a ciphertext moved to
 * another row, or a row whose role was changed, does not open). Stored as
 * {@value #SCHEME} + base64; a value without that prefix was written by an older gateway
 * under the personal-data keyset ({@link LegacySecretReencryption}).
 */
@Component
class ApiKeySecrets {

	static final String SCHEME = "v2:";

	private final ApiKeySecretKeyset keyset;

	ApiKeySecrets(ApiKeySecretProperties properties) {
		this.keyset = ApiKeySecretKeyset.configured(properties.apiKeySecretsKeyset(), properties.dir());
	}

	String seal(String secret, String keyId, Role role) {
		return SCHEME + keyset.encrypt(secret, keyId, role.name());
	}

	/**
	 * The secret; an {@link IllegalStateException} when the value does not open for this
	 * key id and role.
	 */
	String open(String stored, String keyId, Role role) {
		if (!stored.startsWith(SCHEME)) {
			throw new IllegalStateException("secret of " + keyId + " is not sealed with the API-key secrets keyset");
		}
		return keyset.decrypt(stored.substring(SCHEME.length()), keyId, role.name());
	}

}
