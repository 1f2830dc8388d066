package io.numshield.core.redis;

import io.numshield.core.number.VirtualNumber;

import java.time.Instant;

/**
 * A binding as stored in the shard's {@code b} hash: fifteen fields joined by {@code |} (the
 * compact form keeps Redis under 400 bytes per binding). Parties are never in plaintext: two blind
 * indexes and one ciphertext. The sixth field is reserved and left empty: a binding's pool is its
 * block's, so it is not repeated in every record.
 */
public record BindingRecord(Status status, String platformId, String orderId, String mode,
		VirtualNumber virtualNumber, String direction, boolean recording, Instant createdAt,
		Instant expiresAt, String partyAIndex, String partyBIndex, String parties, Instant endedAt,
		String endReason) {

	/** Stored state; an ACTIVE binding past its expiry is no longer active (see {@link #activeAt}). */
	public enum Status {
		ACTIVE("A"), RELEASED("R"), EXPIRED("E");

		private final String code;

		Status(String code) {
			this.code = code;
		}

		static Status of(String code) {
			for (Status s : values()) {
				if (s.code.equals(code)) {
					return s;
				}
			}
			throw new IllegalArgumentException("unknown binding status " + code);
		}
	}

	public static BindingRecord parse(String stored) {
		String[] f = stored.split("\\|", -1);
		if (f.length != 15) {
			throw new IllegalArgumentException("a binding record has 15 fields, this one " + f.length);
		}
		// f[5] is reserved and empty: the pool is the block's
		return new BindingRecord(Status.of(f[0]), f[1], f[2], f[3], new VirtualNumber(f[4]), f[6],
				"1".equals(f[7]), Instant.ofEpochMilli(Long.parseLong(f[8])), Instant.ofEpochMilli(Long.parseLong(f[9])),
				f[10], f[11], f[12], f[13].isEmpty() ? null : Instant.ofEpochMilli(Long.parseLong(f[13])),
				f[14].isEmpty() ? null : f[14]);
	}

	public boolean activeAt(Instant now) {
		return status == Status.ACTIVE && expiresAt.isAfter(now);
	}

	/** What a client sees: ACTIVE, RELEASED or EXPIRED (an unswept binding past its time is EXPIRED). */
	public Status effectiveStatus(Instant now) {
		if (status == Status.ACTIVE && !expiresAt.isAfter(now)) {
			return Status.EXPIRED;
		}
		return status;
	}
}
