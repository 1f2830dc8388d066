package io.numshield.core.callback;

import java.util.EnumSet;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A platform's callback switches as the scripts read them: beside its status in every
 * shard's platform mirror ({@code p}, lib.lua {@code platform_refusal} and
 * {@code wants_callback}). A platform with the defaults (every kind, one event per POST)
 * is mirrored as its status alone, as before these settings existed; any other as
 * {@code status|kinds|batchSize|batchWindowMs}, kinds comma-joined (empty: none).
 *
 * @param events the kinds the platform wants
 * @param batchSize at most this many events per POST; 1 is one event per POST with the
 * event as the body
 * @param batchWindowMs the longest an event waits for others to share its POST
 */
public record PlatformCallbacks(Set<CallbackKind> events, int batchSize, int batchWindowMs) {

	/** Largest {@link #batchSize}. */
	public static final int MAX_BATCH_SIZE = 100;

	/** Largest {@link #batchWindowMs}. */
	public static final int MAX_BATCH_WINDOW_MS = 60_000;

	/** Default {@link #batchWindowMs}. */
	public static final int DEFAULT_BATCH_WINDOW_MS = 1_000;

	/** Every kind, one event per POST. */
	public static final PlatformCallbacks DEFAULT = new PlatformCallbacks(EnumSet.allOf(CallbackKind.class), 1,
			DEFAULT_BATCH_WINDOW_MS);

	public PlatformCallbacks {
		if (batchSize < 1 || batchSize > MAX_BATCH_SIZE) {
			throw new IllegalArgumentException("batchSize " + batchSize + " is not within 1.." + MAX_BATCH_SIZE);
		}
		if (batchWindowMs < 0 || batchWindowMs > MAX_BATCH_WINDOW_MS) {
			throw new IllegalArgumentException(
					"batchWindowMs " + batchWindowMs + " is not within 0.." + MAX_BATCH_WINDOW_MS);
		}
		events = events.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(events));
	}

	/**
	 * The same switches for a platform without a {@code callbackUrl}: nothing to deliver,
	 * so nothing is queued.
	 */
	public PlatformCallbacks withoutTarget() {
		return new PlatformCallbacks(Set.of(), batchSize, batchWindowMs);
	}

	/** The value of the platform mirror {@code p} for a platform in this status. */
	public String mirrorEntry(String status) {
		if (equals(DEFAULT)) {
			return status;
		}
		String kinds = events.stream().sorted().map(CallbackKind::name).collect(Collectors.joining(","));
		return status + "|" + kinds + "|" + batchSize + "|" + batchWindowMs;
	}

	/**
	 * {@link #mirrorEntry}, with the flag {@code |B} when the platform keeps a blocklist
	 * of its own (ADR 0025): then always the long form, the flag as its fifth field,
	 * which tells lib.lua's {@code platform_blocked} to read the list; without it the
	 * scripts never read one.
	 */
	public String mirrorEntry(String status, boolean ownBlocklist) {
		if (!ownBlocklist) {
			return mirrorEntry(status);
		}
		String kinds = events.stream().sorted().map(CallbackKind::name).collect(Collectors.joining(","));
		return status + "|" + kinds + "|" + batchSize + "|" + batchWindowMs + "|B";
	}

	/** The status part of a platform mirror value ({@link #mirrorEntry}). */
	public static String status(String entry) {
		int cut = entry.indexOf('|');
		return cut < 0 ? entry : entry.substring(0, cut);
	}

	/**
	 * Whether a callback of this kind (a {@link CallbackKind} name, or a call event's
	 * {@code event}) is queued for a platform mirrored as {@code entry}: the rule of
	 * lib.lua's {@code wants_callback}, for tests and readers of the mirror.
	 */
	public static boolean wanted(String entry, String kind) {
		int cut = entry.indexOf('|');
		if (cut < 0) {
			return true;
		}
		int end = entry.indexOf('|', cut + 1);
		String kinds = entry.substring(cut + 1, end < 0 ? entry.length() : end);
		return ("," + kinds + ",").contains("," + kind + ",");
	}

}
