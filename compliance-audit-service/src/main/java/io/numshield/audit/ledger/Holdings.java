package io.numshield.audit.ledger;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.ObjectMapper;

/**
 * Keeps {@code holding}, who held which virtual number when, in step with the lease events the
 * ledger records (same transaction as the ledger rows). It is a projection: everything in it can be
 * derived again from the ledger. A PATCH that changes party B closes the current row and opens the
 * next, so that a trace at any instant names the parties of that instant.
 * <p>
 * A binding's events arrive in order from its stream, except when a consumer stopped holding some
 * of them: those are claimed later, after newer ones were applied. So an end that finds no row
 * opens a closed one from its own fields (every event carries the whole binding), and a
 * {@code BINDING_CREATED} that arrives late is closed where the binding's next row begins and
 * takes its end.
 */
@Component
class Holdings {

	private static final TypeReference<Map<String, String>> FIELDS = new TypeReference<>() {
	};

	private static final String INSERT = "INSERT INTO %s (binding_id, valid_from, leased_at, expires_at, "
			+ "virtual_number, platform_id, order_id, mode, pool_id, direction, recording, party_a_index, party_b_index, "
			+ "parties) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING";

	private final JdbcTemplate jdbc;

	private final ObjectMapper json;

	private final String table;

	private final String insert;

	@Autowired
	Holdings(JdbcTemplate jdbc, ObjectMapper json) {
		this(jdbc, json, "holding");
	}

	private Holdings(JdbcTemplate jdbc, ObjectMapper json, String table) {
		this.jdbc = jdbc;
		this.json = json;
		this.table = table;
		this.insert = INSERT.formatted(table);
	}

	/** The same projection written into another table (verify rebuilds holdings into a temporary one). */
	Holdings into(JdbcTemplate other, String otherTable) {
		return new Holdings(other, json, otherTable);
	}

	/** Applies the entries in order; new holdings are inserted in batches, flushed before any change. */
	void apply(List<LedgerEntry> entries, Set<String> late) {
		List<Object[]> opened = new ArrayList<>();
		List<String> lateCreations = new ArrayList<>();
		for (LedgerEntry e : entries) {
			if (e.bindingId() == null || !e.type().startsWith("BINDING_")) {
				continue;
			}
			Map<String, String> f = json.readValue(e.details(), FIELDS);
			Timestamp createdAt = millis(f.get("createdAt"));
			if (e.type().equals("BINDING_CREATED")) {
				opened.add(row(e, f, createdAt));
				if (late.contains(e.eventId())) {
					lateCreations.add(e.bindingId());
				}
				continue;
			}
			flush(opened);
			switch (e.type()) {
				case "BINDING_UPDATED" -> {
					if (f.getOrDefault("changes", "").contains("partyB")) {
						Timestamp at = Timestamp.from(e.occurredAt());
						jdbc.update("UPDATE " + table + " SET valid_to = ? WHERE binding_id = ? AND valid_from >= ? AND valid_to IS NULL",
								at, e.bindingId(), createdAt);
						jdbc.update(insert, row(e, f, at));
					}
					else {
						jdbc.update("UPDATE " + table + " SET expires_at = ? WHERE binding_id = ? AND valid_from >= ? AND valid_to IS NULL",
								millis(f.get("expiresAt")), e.bindingId(), createdAt);
					}
				}
				case "BINDING_RELEASED", "BINDING_EXPIRED" -> {
					Timestamp releasedAt = millis(f.get("releasedAt"));
					int ended = jdbc.update("UPDATE " + table + " SET released_at = ?, release_reason = ?, "
							+ "valid_to = coalesce(valid_to, ?) WHERE binding_id = ? AND valid_from >= ?", releasedAt,
							f.get("reason"), releasedAt, e.bindingId(), createdAt);
					if (ended == 0) {
						// its creation is still to come (claimed late): the end carries the whole binding
						jdbc.update(insert, row(e, f, createdAt));
						jdbc.update("UPDATE " + table + " SET released_at = ?, release_reason = ?, valid_to = ? "
								+ "WHERE binding_id = ? AND valid_from = ?", releasedAt, f.get("reason"), releasedAt,
								e.bindingId(), createdAt);
					}
				}
				default -> {
				}
			}
		}
		flush(opened);
		if (!lateCreations.isEmpty()) {
			closeLateCreations(lateCreations);
		}
	}

	/** A late creation's row ends where the binding's next row begins, and shares its end. */
	private void closeLateCreations(List<String> bindingIds) {
		jdbc.update("UPDATE " + table + " h SET valid_to = n.next_from, released_at = coalesce(h.released_at, n.released_at), "
				+ "release_reason = coalesce(h.release_reason, n.release_reason) FROM (SELECT binding_id, valid_from, "
				+ "lead(valid_from) OVER w AS next_from, last_value(released_at) OVER w AS released_at, "
				+ "last_value(release_reason) OVER w AS release_reason FROM " + table + " WHERE binding_id = ANY (?) "
				+ "WINDOW w AS (PARTITION BY binding_id ORDER BY valid_from ROWS BETWEEN UNBOUNDED PRECEDING AND "
				+ "UNBOUNDED FOLLOWING)) n WHERE h.binding_id = n.binding_id AND h.valid_from = n.valid_from "
				+ "AND h.valid_to IS NULL AND n.next_from IS NOT NULL", (Object) bindingIds.toArray(String[]::new));
	}

	private void flush(List<Object[]> opened) {
		if (!opened.isEmpty()) {
			jdbc.batchUpdate(insert, opened);
			opened.clear();
		}
	}

	private static Object[] row(LedgerEntry e, Map<String, String> f, Timestamp from) {
		return new Object[] { e.bindingId(), from, millis(f.get("createdAt")), millis(f.get("expiresAt")),
				e.virtualNumber(), e.platformId(), e.orderId(), f.get("mode"), f.get("poolId"), f.get("direction"),
				"1".equals(f.get("recording")), e.partyAIndex(), e.partyBIndex(), e.parties() };
	}

	private static Timestamp millis(String value) {
		return Timestamp.from(Instant.ofEpochMilli(Long.parseLong(value)));
	}
}
