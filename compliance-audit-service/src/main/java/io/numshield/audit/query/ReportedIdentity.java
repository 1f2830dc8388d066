package io.numshield.audit.query;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * A platform's real-name report of who holds a party A number, from its
 * {@code IDENTITY_REPORTED} ledger entry, in full: the phone (E.164), name and document.
 * Shown to regulators only, each look-up an ACCESS entry.
 */
public record ReportedIdentity(String reportId, String platformId, Instant reportedAt, @Nullable Instant validUntil,
		String phone, String name, String idType, String idNumber) {
}
