package io.numshield.audit.ledger;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One event as the ledger stores it; parties masked, their ciphertext kept for
 * regulators' traces.
 */
public record LedgerEntry(String eventId, String type, Instant occurredAt, String platformId, String bindingId,
		String orderId, String virtualNumber, String partyA, String partyB, String partyAIndex, String partyBIndex,
		String parties, String details) {

	/**
	 * Milliseconds, as the streams carry them: what the chain covers is exactly what the
	 * row holds.
	 */
	public LedgerEntry {
		occurredAt = occurredAt.truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
	}

	/**
	 * The canonical form of version 1 (rows written before migration V4), after the
	 * previous hash: the fields below, each on its own line, absent ones as empty lines.
	 * It leaves out the blind indexes, the ciphertext and the recording time; version 2
	 * ({@link CanonicalForm}) covers them.
	 */
	public String canonical(long seq) {
		return String.join("\n", Long.toString(seq), eventId, type, occurredAt.toString(), nz(platformId),
				nz(bindingId), nz(orderId), nz(virtualNumber), nz(partyA), nz(partyB), details);
	}

	/**
	 * The columns this entry stores (column name to value), in the order of the table:
	 * what the ledger inserts, and with seq, recorded_at and hash_version what version 2
	 * of the hash covers.
	 */
	Map<String, Object> columns() {
		Map<String, Object> columns = new LinkedHashMap<>();
		columns.put("event_id", eventId);
		columns.put("type", type);
		columns.put("occurred_at", Timestamp.from(occurredAt));
		columns.put("platform_id", platformId);
		columns.put("binding_id", bindingId);
		columns.put("order_id", orderId);
		columns.put("virtual_number", virtualNumber);
		columns.put("party_a", partyA);
		columns.put("party_b", partyB);
		columns.put("party_a_index", partyAIndex);
		columns.put("party_b_index", partyBIndex);
		columns.put("parties", parties);
		columns.put("details", details);
		return columns;
	}

	/** The entry a ledger row holds ({@code SELECT *} or at least these columns). */
	public static LedgerEntry read(java.sql.ResultSet rs) throws java.sql.SQLException {
		return new LedgerEntry(rs.getString("event_id"), rs.getString("type"),
				rs.getTimestamp("occurred_at").toInstant(), rs.getString("platform_id"), rs.getString("binding_id"),
				rs.getString("order_id"), rs.getString("virtual_number"), rs.getString("party_a"),
				rs.getString("party_b"), rs.getString("party_a_index"), rs.getString("party_b_index"),
				rs.getString("parties"), rs.getString("details"));
	}

	private static String nz(String value) {
		return value == null ? "" : value;
	}
}
