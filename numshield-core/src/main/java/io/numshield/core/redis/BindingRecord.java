package io.numshield.core.redis;

import io.numshield.core.number.VirtualNumber;

import java.time.Instant;
import java.util.Locale;

/**
 * A binding as stored in the shard's {@code b} hash (ADR 0003). Written by
 * {@code lib.lua} only, in format 2: fourteen fields joined by {@code |}, the status in
 * lower case (what tells the format), mode and direction as one letter, times as base-36
 * epoch milliseconds, so that a record of a typical binding fits a 192-byte allocation.
 * Format 1 (fifteen fields, the status in upper case, decimal times, the sixth field
 * reserved and empty) is still read: records written before format 2 are rewritten by the
 * next change to them. Parties are never in plaintext: two blind indexes and one
 * ciphertext. A binding's pool is its block's, so it is not repeated in every record.
 * {@code groupId}: an AXG binding's group (ADR 0024), from its mode field; else null.
 */
public record BindingRecord(Status status, String platformId, String orderId, String mode, VirtualNumber virtualNumber,
		String direction, boolean recording, Instant createdAt, Instant expiresAt, String partyAIndex,
		String partyBIndex, String parties, Instant endedAt, String endReason, String extension, String callControls,
		String groupId) {

	/**
	 * Stored state; an ACTIVE binding past its expiry is no longer active (see
	 * {@link #activeAt}).
	 */
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
		if ((f.length == 14 || f.length == 15) && !f[0].isEmpty() && Character.isLowerCase(f[0].charAt(0))) {
			// AXE: 'E' followed by the extension (ADR 0022); a 15th field: the binding's
			// own call controls
			boolean axe = f[3].startsWith("E");
			return new BindingRecord(Status.of(f[0].toUpperCase(Locale.ROOT)), f[1], f[2], axe ? "AXE" : mode(f[3]),
					new VirtualNumber(f[4]), direction(f[5]), "1".equals(f[6]), base36(f[7]), base36(f[8]), f[9], f[10],
					f[11], f[12].isEmpty() ? null : base36(f[12]), f[13].isEmpty() ? null : f[13],
					axe ? f[3].substring(1) : null, f.length == 15 && !f[14].isEmpty() ? f[14] : null,
					f[3].startsWith("G") && f[3].length() > 2 ? f[3].substring(2) : null);
		}
		if (f.length != 15) {
			throw new IllegalArgumentException("a binding record has 14 fields (15 in format 1), this one " + f.length);
		}
		// format 1: f[5] is reserved and empty: the pool is the block's
		return new BindingRecord(Status.of(f[0]), f[1], f[2], f[3], new VirtualNumber(f[4]), f[6], "1".equals(f[7]),
				Instant.ofEpochMilli(Long.parseLong(f[8])), Instant.ofEpochMilli(Long.parseLong(f[9])), f[10], f[11],
				f[12], f[13].isEmpty() ? null : Instant.ofEpochMilli(Long.parseLong(f[13])),
				f[14].isEmpty() ? null : f[14], null, null, null);
	}

	/**
	 * lib.lua's MODES: a one-letter code as its name; any other value was stored whole.
	 */
	private static String mode(String code) {
		return switch (code) {
			case "B" -> "AXB";
			case "N" -> "AXN";
			// AXG: 'G' followed by the group reference (ADR 0024)
			default -> code.startsWith("G") ? "AXG" : code;
		};
	}

	/**
	 * lib.lua's DIRECTIONS: a one-letter code as its name; any other value was stored
	 * whole.
	 */
	private static String direction(String code) {
		return switch (code) {
			case "B" -> "BOTH";
			case "A" -> "A_TO_B";
			case "R" -> "B_TO_A";
			default -> code;
		};
	}

	private static Instant base36(String millis) {
		return Instant.ofEpochMilli(Long.parseLong(millis, 36));
	}

	public boolean activeAt(Instant now) {
		return status == Status.ACTIVE && expiresAt.isAfter(now);
	}

	/**
	 * What a client sees: ACTIVE, RELEASED or EXPIRED (an unswept binding past its time
	 * is EXPIRED).
	 */
	public Status effectiveStatus(Instant now) {
		if (status == Status.ACTIVE && !expiresAt.isAfter(now)) {
			return Status.EXPIRED;
		}
		return status;
	}
}
