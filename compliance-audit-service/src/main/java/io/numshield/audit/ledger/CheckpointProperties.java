package io.numshield.audit.ledger;

import jakarta.validation.constraints.NotNull;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * Signed checkpoints of the chain head ({@code numshield.audit.checkpoint.*}; environment
 * {@code NUMSHIELD_AUDIT_CHECKPOINT_SIGNING_KEY},
 * {@code NUMSHIELD_AUDIT_CHECKPOINT_INTERVAL}).
 *
 * @param signingKey the ledger signing key: a PEM file holding the Ed25519 private key
 * (PKCS#8, {@code PRIVATE KEY}) followed by its public key ({@code PUBLIC KEY}). Empty:
 * the file {@code ledger-signing-key.pem} in the personal-data keys directory
 * ({@code NUMSHIELD_KEYS_DIR}). A file that does not exist is generated at start,
 * readable by its owner only, and the public key's fingerprint is logged; with neither
 * this nor a keys directory the service refuses to start
 * @param interval pause between scheduled checkpoints (one is also signed at every
 * retention cut)
 */
@Validated
@ConfigurationProperties("numshield.audit.checkpoint")
public record CheckpointProperties(String signingKey, @NotNull Duration interval) {
}
