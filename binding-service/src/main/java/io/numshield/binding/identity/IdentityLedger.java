package io.numshield.binding.identity;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * Port: puts a real-name report into the audit ledger ({@code IDENTITY_REPORTED} on the
 * lease stream of shard {@code VirtualShard.forKey(phoneIndex)}): blind indexes, the
 * masked phone and the identity's ciphertext, never a plain field. Called inside the
 * report's transaction: the event is a row of it (the outbox, ADR 0016).
 */
public interface IdentityLedger {

	void record(String reportId, String platformId, String phoneIndex, String maskedPhone, String idType,
			String idIndex, String identityCiphertext, @Nullable Instant validUntil, String by, Instant at);

}
