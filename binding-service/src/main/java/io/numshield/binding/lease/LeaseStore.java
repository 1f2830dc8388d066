package io.numshield.binding.lease;

import io.numshield.core.redis.BindingId;
import io.numshield.core.redis.BindingRecord;
import io.numshield.core.redis.CallControls;
import io.numshield.core.number.VirtualNumber;
import io.numshield.core.number.VirtualShard;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

import org.jspecify.annotations.Nullable;

/**
 * Port of the live lease state. Every change is one atomic step on one shard that also
 * appends its audit event; see the Redis adapter for how.
 */
public interface LeaseStore {

	LeaseOutcome lease(LeaseCommand command);

	/**
	 * {@link #lease}, without waiting: the stage completes on the store's I/O thread,
	 * which must not block.
	 */
	CompletionStage<LeaseOutcome> leaseAsync(LeaseCommand command);

	Optional<BindingRecord> find(BindingId id);

	/** {@link #find}, without waiting, as {@link #leaseAsync}. */
	CompletionStage<Optional<BindingRecord>> findAsync(BindingId id);

	/** Active bindings of a platform's order, on every shard. */
	List<BindingId> findByOrder(String platformId, String orderId);

	/**
	 * Active bindings of a platform on one virtual number (and extension, or null for
	 * any), read on the number's shard alone from the keys leases keep (ADR 0025).
	 */
	List<BindingId> findOnNumber(String platformId, VirtualNumber number, String extension);

	/**
	 * @return OK, ALREADY (released or expired before) or NOT_FOUND (unknown, or another
	 * platform's)
	 */
	String release(BindingId id, String platformIdOrAny, String reason);

	/** {@link #release}, without waiting, as {@link #leaseAsync}. */
	CompletionStage<String> releaseAsync(BindingId id, String platformIdOrAny, String reason);

	/**
	 * @return OK, PLATFORM_UNKNOWN (the shard holds no status of the platform),
	 * PLATFORM_SUSPENDED (suspended or revoked), NOT_FOUND, NOT_ACTIVE, NOT_AXB,
	 * PARTY_BLOCKED, PARTY_BLOCKED_BY_PLATFORM (the platform's own list),
	 * PARTY_BUSY_ON_NUMBER or EXPIRY_IN_PAST
	 */
	String update(BindingId id, String platformId, String eventId, Update update);

	/**
	 * What {@link #update} changes, each null (call controls: each field null) for
	 * unchanged: the expiry, party B (its blind index and the new parties' ciphertext),
	 * whether calls are recorded, the binding's own call controls.
	 */
	record Update(@Nullable Instant expiresAt, @Nullable String partyBIndex, @Nullable String parties,
			@Nullable Boolean recording, CallControls callControls) {
	}

	/** Active bindings of a platform, summed over every shard. */
	long activeBindings(String platformId);

	/** Expires due bindings of one shard, if this instance gets the shard's lock. */
	SweepResult sweep(VirtualShard shard);

	record SweepResult(boolean locked, int expired, int purged) {
	}

}
