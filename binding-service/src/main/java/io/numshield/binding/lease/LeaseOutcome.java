package io.numshield.binding.lease;

import io.numshield.core.number.VirtualNumber;

import java.time.Instant;

/** What a lease attempt on one block answered; {@code extension} for AXE only. */
public record LeaseOutcome(Result result, VirtualNumber virtualNumber, Instant createdAt, Instant expiresAt,
		String extension) {

	public enum Result {

		/** Leased now, or earlier by the same request (a retry). */
		OK,
		/** The platform has no status on the shard: mirror it, then try again. */
		PLATFORM_UNKNOWN, PLATFORM_SUSPENDED, PARTY_BLOCKED,
		/** A party is on the platform's own blocklist (ADR 0025). */
		PARTY_BLOCKED_BY_PLATFORM,
		/** The block is not registered on its shard: register it, then try again. */
		BLOCK_UNKNOWN,
		/** No number of this block can take the pair. */
		FULL,
		/** The asked-for number cannot take the pair. */
		NUMBER_UNAVAILABLE, EXPIRY_IN_PAST

	}

	public static LeaseOutcome of(Result result) {
		return new LeaseOutcome(result, null, null, null, null);
	}
}
