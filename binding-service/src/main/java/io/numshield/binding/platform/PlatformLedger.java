package io.numshield.binding.platform;

import java.time.Instant;

/**
 * Port: puts a platform's status change into the audit ledger ({@code PLATFORM_STATUS_CHANGED} on
 * the lease stream of shard {@code VirtualShard.forKey(platformId)}). Called after the change's
 * commit only: an event cannot be taken back once a consumer may have read it.
 */
public interface PlatformLedger {

	void record(String eventId, String platformId, PlatformStatus status, String reason, String changedBy, Instant at);
}
