package io.numshield.core.redis;

import java.util.regex.Pattern;

/**
 * What a carrier is told to do with a connected call besides connecting it (issue 14,
 * point 5; ADR 0022): the longest the call may last, an announcement to play to the
 * caller before connecting, and a ring-back tone. The ids are opaque to NumShield: the
 * carrier maps them to its media. A pool has defaults; a binding may override each.
 * Stored (binding record, block settings) as {@code maxDurationSeconds,announcementId,
 * ringbackToneId}, "" for the whole when none is set.
 *
 * @param maxDurationSeconds the longest a call may last, or null
 * @param announcementId the announcement to play before connecting, or null
 * @param ringbackToneId the ring-back tone to play while the callee's phone rings, or
 * null
 */
public record CallControls(Integer maxDurationSeconds, String announcementId, String ringbackToneId) {

	/** A media id as the contract has it. */
	public static final String ID_PATTERN = "[A-Za-z0-9._-]{1,64}";

	/** The longest a call may be limited to: one day. */
	public static final int MAX_DURATION_LIMIT = 86_400;

	/** None set. */
	public static final CallControls NONE = new CallControls(null, null, null);

	private static final Pattern ID = Pattern.compile(ID_PATTERN);

	public CallControls {
		if (maxDurationSeconds != null && (maxDurationSeconds < 1 || maxDurationSeconds > MAX_DURATION_LIMIT)) {
			throw new IllegalArgumentException("maxCallDurationSeconds must be 1.." + MAX_DURATION_LIMIT);
		}
		if (announcementId != null && !ID.matcher(announcementId).matches()) {
			throw new IllegalArgumentException("announcementId must be 1..64 of [A-Za-z0-9._-]");
		}
		if (ringbackToneId != null && !ID.matcher(ringbackToneId).matches()) {
			throw new IllegalArgumentException("ringbackToneId must be 1..64 of [A-Za-z0-9._-]");
		}
	}

	/** Whether nothing is set. */
	public boolean none() {
		return maxDurationSeconds == null && announcementId == null && ringbackToneId == null;
	}

	/** Each of these that is set, else the one of {@code defaults}. */
	public CallControls orElse(CallControls defaults) {
		if (defaults == null || defaults.none()) {
			return this;
		}
		if (none()) {
			return defaults;
		}
		return new CallControls(maxDurationSeconds != null ? maxDurationSeconds : defaults.maxDurationSeconds,
				announcementId != null ? announcementId : defaults.announcementId,
				ringbackToneId != null ? ringbackToneId : defaults.ringbackToneId);
	}

	/** As stored: "" when none is set. */
	public String stored() {
		if (none()) {
			return "";
		}
		return (maxDurationSeconds == null ? "" : maxDurationSeconds.toString()) + ','
				+ (announcementId == null ? "" : announcementId) + ',' + (ringbackToneId == null ? "" : ringbackToneId);
	}

	/** Reads {@link #stored}; null or "" is {@link #NONE}. */
	public static CallControls parse(String stored) {
		if (stored == null || stored.isEmpty()) {
			return NONE;
		}
		String[] f = stored.split(",", -1);
		if (f.length != 3) {
			throw new IllegalArgumentException("call controls have three fields");
		}
		return new CallControls(f[0].isEmpty() ? null : Integer.valueOf(f[0]), f[1].isEmpty() ? null : f[1],
				f[2].isEmpty() ? null : f[2]);
	}

	/**
	 * Reads the pool's call controls from a block's settings as registered on its shard
	 * ({@code pool|size|max|cooldown|digits|extensions|maxDuration|announcement|ringback});
	 * {@link #NONE} for a block registered before call controls.
	 */
	public static CallControls ofBlockSettings(String stored) {
		String[] f = stored.split("\\|", -1);
		if (f.length < 9) {
			return NONE;
		}
		return new CallControls(f[6].isEmpty() ? null : Integer.valueOf(f[6]), f[7].isEmpty() ? null : f[7],
				f[8].isEmpty() ? null : f[8]);
	}

}
