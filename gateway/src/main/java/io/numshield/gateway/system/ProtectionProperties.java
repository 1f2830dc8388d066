package io.numshield.gateway.system;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Keys that encrypt API-key secrets at rest: a key directory ({@code NUMSHIELD_KEYS_DIR}) or the
 * keys inline ({@code NUMSHIELD_KEYS_AEAD_KEYSET}, {@code NUMSHIELD_KEYS_BLIND_INDEX_KEY}); the same
 * keys the services use. No default.
 */
@ConfigurationProperties("numshield.keys")
record ProtectionProperties(String dir, String aeadKeyset, String blindIndexKey) {
}
