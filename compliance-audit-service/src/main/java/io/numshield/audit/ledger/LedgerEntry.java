package io.numshield.audit.ledger;

import java.time.Instant;

/** One event as the ledger stores it; parties masked, their ciphertext kept for regulators' traces. */
public record LedgerEntry(String eventId, String type, Instant occurredAt, String platformId, String bindingId,
		String orderId, String virtualNumber, String partyA, String partyB, String partyAIndex, String partyBIndex,
		String parties, String details) {

	/** Milliseconds, as the streams carry them: what the chain covers is exactly what the row holds. */
	public LedgerEntry {
		occurredAt = occurredAt.truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
	}

	/**
	 * The canonical form that {@code hash} covers, after the previous hash: the fields below, each
	 * on its own line, absent ones as empty lines.
	 */
	public String canonical(long seq) {
		return String.join("\n", Long.toString(seq), eventId, type, occurredAt.toString(), nz(platformId), nz(bindingId),
				nz(orderId), nz(virtualNumber), nz(partyA), nz(partyB), details);
	}

	/** The entry a ledger row holds ({@code SELECT *} or at least these columns). */
	public static LedgerEntry read(java.sql.ResultSet rs) throws java.sql.SQLException {
		return new LedgerEntry(rs.getString("event_id"), rs.getString("type"), rs.getTimestamp("occurred_at").toInstant(),
				rs.getString("platform_id"), rs.getString("binding_id"), rs.getString("order_id"),
				rs.getString("virtual_number"), rs.getString("party_a"), rs.getString("party_b"), null, null, null,
				rs.getString("details"));
	}

	private static String nz(String value) {
		return value == null ? "" : value;
	}
}
