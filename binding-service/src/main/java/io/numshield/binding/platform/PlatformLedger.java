package io.numshield.binding.platform;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * Port: puts a platform's status change into the audit ledger
 * ({@code PLATFORM_STATUS_CHANGED} on the lease stream of shard
 * {@code VirtualShard.forKey(platformId)}). Called inside the change's transaction: the
 * event is a row of it (the outbox, ADR 0016) and reaches the stream only after the
 * commit, since an event cannot be taken back once a consumer may have read it.
 * {@code caseId}: the regulator's case file the change was made from (ADR 0030), or null.
 */
public interface PlatformLedger {

	void record(String eventId, String platformId, PlatformStatus status, String reason, String changedBy, Instant at,
			@Nullable String caseId);

}
