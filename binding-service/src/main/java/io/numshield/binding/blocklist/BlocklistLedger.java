package io.numshield.binding.blocklist;

import io.numshield.core.event.EventType;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * Port: puts a blocklist change into the audit ledger ({@code BLOCKLIST_ADDED} /
 * {@code BLOCKLIST_REMOVED} on the audit stream). Never the plain number: its blind index
 * and its masked form; the reason already masked. Called inside the change's transaction:
 * the event is a row of it (the outbox, ADR 0016), on the stream only after the commit.
 * {@code caseId}: the regulator's case file a block was made from (ADR 0030), or null.
 */
public interface BlocklistLedger {

	void record(String eventId, EventType type, String blindIndex, String maskedNumber, String maskedReason, String by,
			Instant at, @Nullable String caseId);

}
