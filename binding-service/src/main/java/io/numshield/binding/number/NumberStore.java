package io.numshield.binding.number;

import io.numshield.core.number.ManagementNumber;
import io.numshield.core.number.VirtualNumber;

import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * Port: the live state of numbers, changed only by the shard's scripts, each change with
 * its NUMBER_* event (ADR 0001, 0026).
 */
public interface NumberStore {

	/** Quarantines x; false when its block is unknown to the live store. */
	boolean quarantine(VirtualNumber x, QuarantineReason reason, @Nullable Long untilMillis, String note, String by,
			String eventId);

	/**
	 * Lifts x's quarantine; answers whether there was one (none: nothing changed, no
	 * event).
	 */
	boolean lift(VirtualNumber x, String reason, String by, String eventId);

	/** Counts a carrier's flag of x; answers the flags in the window and the outcome. */
	FlagOutcome flag(VirtualNumber x, FlagKind kind, String note, String by, String eventId, int threshold,
			long windowMillis, @Nullable Long quarantineUntilMillis);

	/**
	 * Numbers of the block from index {@code from}: at most {@code limit}, looking at
	 * {@code scan} indexes at most, only those in {@code state} when given; null when the
	 * block is unknown to the live store.
	 */
	@Nullable Page numbers(ManagementNumber block, int from, int limit, @Nullable String state, int scan);

	/** A carrier's flag counted. */
	record FlagOutcome(boolean known, int flags, boolean quarantined) {
	}

	/**
	 * A page of a block's numbers; {@code next} is the index to go on from, null at the
	 * end.
	 */
	record Page(List<NumberState> numbers, @Nullable Integer next, String poolId, boolean draining) {
	}

}
