package io.numshield.gateway.apikey;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The key that encrypts API-key secrets at rest, the gateway's only key:
 * {@code api-key-secrets-keyset.json} in a key directory, or inline. No default.
 *
 * @param dir key directory ({@code NUMSHIELD_KEYS_DIR}); the gateway reads
 * {@code api-key-secrets-keyset.json} from it, and {@code aead-keyset.json} only to
 * re-encrypt secrets stored before (see {@code aeadKeyset})
 * @param apiKeySecretsKeyset the keyset inline, Tink JSON
 * ({@code NUMSHIELD_KEYS_API_KEY_SECRETS_KEYSET}); wins over {@code dir}
 * @param aeadKeyset the personal-data AEAD keyset inline
 * ({@code NUMSHIELD_KEYS_AEAD_KEYSET}): read only when rows encrypted under it by an
 * older gateway are found at start, to re-encrypt them once; give it for that one start
 * and remove it
 */
@ConfigurationProperties("numshield.keys")
record ApiKeySecretProperties(String dir, String apiKeySecretsKeyset, String aeadKeyset) {
}
