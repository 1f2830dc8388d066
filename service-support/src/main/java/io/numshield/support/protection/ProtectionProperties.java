package io.numshield.support.protection;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Personal-data keys: a key directory ({@code NUMSHIELD_KEYS_DIR}, holding
 * aead-keyset.json, blind-index.key and idempotency.key), or the keys inline
 * ({@code NUMSHIELD_KEYS_AEAD_KEYSET} as Tink JSON,
 * {@code NUMSHIELD_KEYS_BLIND_INDEX_KEY} and {@code NUMSHIELD_KEYS_IDEMPOTENCY_KEY} as
 * base64). Never in code; no default. Only binding-service needs the idempotency key.
 */
@ConfigurationProperties("numshield.keys")
public record ProtectionProperties(String dir, String aeadKeyset, String blindIndexKey, String idempotencyKey) {
}
