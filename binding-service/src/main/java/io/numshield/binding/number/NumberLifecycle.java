package io.numshield.binding.number;

import io.numshield.binding.pool.BlockView;
import io.numshield.binding.pool.PoolService;
import io.numshield.core.number.FreeText;
import io.numshield.core.number.ManagementNumber;
import io.numshield.core.number.VirtualNumber;
import io.numshield.core.problem.ProblemCode;
import io.numshield.core.problem.Refusal;
import io.numshield.support.security.CallerIdentity;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonInclude;

import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Service;

/**
 * The lifecycle of one virtual number (ADR 0026). A quarantined number is not leased,
 * asked for or chosen, until an operator lifts the quarantine or its {@code until} passes
 * (the sweeper, or a lease that asks for it, lifts it then); the bindings it has run out
 * as they would, and the number stays out after them. Carriers flag numbers; enough flags
 * within the window quarantine one. Every change is one script on the number's shard with
 * its ledger event.
 */
@Service
public class NumberLifecycle {

	private final NumberStore store;

	private final PoolService pools;

	private final NumberProperties properties;

	private final Clock clock;

	NumberLifecycle(NumberStore store, PoolService pools, NumberProperties properties, Clock clock) {
		this.store = store;
		this.pools = pools;
		this.properties = properties;
		this.clock = clock;
	}

	/** Quarantines x (again: with the new reason and until). */
	public NumberState quarantine(VirtualNumber x, QuarantineReason reason, @Nullable Instant until,
			@Nullable String note, String by) {
		if (reason == QuarantineReason.CARRIER_FLAGS) {
			throw new Refusal(ProblemCode.VALIDATION_FAILED, "reason CARRIER_FLAGS is set by carriers' flags only");
		}
		if (until != null && !until.isAfter(clock.instant())) {
			throw new Refusal(ProblemCode.VALIDATION_FAILED, "until must lie in the future");
		}
		requireKnown(x);
		if (!store.quarantine(x, reason, until == null ? null : until.toEpochMilli(), masked(note), by,
				"quarantine:" + UUID.randomUUID())) {
			throw notFound(x);
		}
		return state(x);
	}

	/**
	 * Lifts x's quarantine; a number that is not quarantined stays as it is (no event).
	 */
	public NumberState lift(VirtualNumber x, String reason, String by) {
		requireKnown(x);
		store.lift(x, masked(reason), by, "quarantine-lifted:" + UUID.randomUUID());
		return state(x);
	}

	/**
	 * A carrier's flag of x, which must be in one of the pools its key serves (else 403
	 * OUT_OF_SCOPE, nothing recorded).
	 */
	public FlagAnswer flag(VirtualNumber x, FlagKind kind, @Nullable String note, CallerIdentity carrier) {
		String pool = pools.poolOfBlock(x.managementNumber()).orElse(null);
		if (pool == null || !carrier.pools().contains(pool)) {
			throw new Refusal(ProblemCode.OUT_OF_SCOPE, "the number is not in a pool this carrier key serves");
		}
		Long until = properties.flagQuarantine().isZero() ? null
				: clock.instant().plus(properties.flagQuarantine()).toEpochMilli();
		NumberStore.FlagOutcome outcome = store.flag(x, kind, masked(note), carrier.subject(),
				"flag:" + UUID.randomUUID(), properties.flagThreshold(), properties.flagWindow().toMillis(), until);
		if (!outcome.known()) {
			throw notFound(x);
		}
		return new FlagAnswer(x.digits(), kind.name(), outcome.flags(), properties.flagThreshold(),
				outcome.quarantined());
	}

	/** x's state, with its pool and block. */
	public NumberState state(VirtualNumber x) {
		ManagementNumber block = x.managementNumber();
		NumberStore.Page page = store.numbers(block, x.indexInBlock(), 1, null, 1);
		if (page == null || page.numbers().isEmpty() || pools.poolOfBlock(block).isEmpty()) {
			throw notFound(x);
		}
		NumberState s = page.numbers().get(0);
		return new NumberState(s.virtualNumber(), s.state(), s.bindings(), s.until(), s.reason(), page.poolId(),
				block.digits(), page.draining());
	}

	/**
	 * A page of the block's numbers from {@code cursor} (an index in the block), filtered
	 * by state when given.
	 */
	public NumberPage numbers(String poolId, String managementNumber, @Nullable String state, @Nullable Integer cursor,
			int limit) {
		BlockView block = pools.block(poolId, managementNumber);
		NumberStore.Page page = store.numbers(new ManagementNumber(block.managementNumber()),
				cursor == null ? 0 : cursor, limit, state, Math.max(limit, properties.listingScan()));
		if (page == null) {
			throw new Refusal(ProblemCode.BLOCK_NOT_FOUND, "block " + managementNumber + " is not leasable");
		}
		return new NumberPage(poolId, block.managementNumber(), block.numbers(), page.draining(), page.numbers(),
				page.next() == null ? null : page.next().toString());
	}

	private void requireKnown(VirtualNumber x) {
		if (pools.poolOfBlock(x.managementNumber()).isEmpty()) {
			throw notFound(x);
		}
	}

	private static Refusal notFound(VirtualNumber x) {
		return new Refusal(ProblemCode.NUMBER_NOT_FOUND, "no block of a pool holds " + x.digits());
	}

	private static String masked(@Nullable String text) {
		return text == null ? "" : FreeText.masked(text);
	}

	/**
	 * A carrier's flag, counted: the flags within the window and whether x is
	 * quarantined.
	 */
	public record FlagAnswer(String virtualNumber, String kind, int flagsInWindow, int threshold, boolean quarantined) {
	}

	/**
	 * A page of a block's numbers; {@code nextCursor} is absent on the last page.
	 */
	@JsonInclude(JsonInclude.Include.NON_NULL)
	public record NumberPage(String poolId, String managementNumber, int size, boolean draining,
			List<NumberState> numbers, @Nullable String nextCursor) {
	}

}
