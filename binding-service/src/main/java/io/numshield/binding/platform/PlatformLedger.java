package io.numshield.binding.platform;

import java.time.Instant;

/**
 * Port: puts a platform's status change into the audit ledger
 * ({@code PLATFORM_STATUS_CHANGED} on the lease stream of shard
 * {@code VirtualShard.forKey(platformId)}). Called inside the change's transaction: the
 * event is a row of it (the outbox, ADR 0016) and reaches the stream only after the
 * commit, since an event cannot be taken back once a consumer may have read it.
 */
public interface PlatformLedger {

	void record(String eventId, String platformId, PlatformStatus status, String reason, String changedBy, Instant at);

}
