package io.numshield.binding.blocklist;

import io.numshield.core.event.EventType;

import java.time.Instant;

/**
 * Port: puts a change of a platform's own blocklist into the audit ledger
 * ({@code PLATFORM_BLOCKLIST_ADDED} / {@code PLATFORM_BLOCKLIST_REMOVED}), as
 * {@link BlocklistLedger} does for the regulators' list, with the platform. Called inside
 * the change's transaction (the outbox, ADR 0016).
 */
public interface PlatformBlocklistLedger {

	void record(String eventId, EventType type, String platformId, String blindIndex, String maskedNumber,
			String maskedReason, String by, Instant at);

}
