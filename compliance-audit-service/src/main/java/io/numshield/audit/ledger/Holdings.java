package io.numshield.audit.ledger;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.ObjectMapper;

/**
 * Keeps {@code holding}, who held which virtual number when, in step with the lease
 * events the ledger records (same transaction as the ledger rows). It is a projection:
 * everything in it can be derived again from the ledger. A PATCH that changes party B
 * closes the current row and opens the next, so that a trace at any instant names the
 * parties of that instant.
 * <p>
 * A binding's events arrive in order from its stream, except when a consumer stopped
 * holding some of them: those are claimed later, after newer ones were applied. So an end
 * that finds no row opens a closed one from its own fields (every event carries the whole
 * binding), and a {@code BINDING_CREATED} that arrives late is closed where the binding's
 * next row begins and takes its end.
 * <p>
 * The industrial identifier (ADR 0028) comes with {@code BINDING_CREATED} alone: a row
 * that a change of party B opens takes it from the row it closes, and a late creation
 * gives it to the rows its binding's later events opened.
 */
@Component
class Holdings {

	private static final TypeReference<Map<String, String>> FIELDS = new TypeReference<>() {
	};

	private static final String INSERT = "INSERT INTO %s (binding_id, valid_from, leased_at, expires_at, "
			+ "virtual_number, platform_id, order_id, mode, pool_id, direction, recording, party_a_index, party_b_index, "
			+ "parties, extension, call_controls, industrial_id, group_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
			+ "ON CONFLICT DO NOTHING";

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

	/**
	 * The same projection written into another table (verify rebuilds holdings into a
	 * temporary one).
	 */
	Holdings into(JdbcTemplate other, String otherTable) {
		return new Holdings(other, json, otherTable);
	}

	/**
	 * Applies the entries as if one by one in order, in a few batched statements: a
	 * binding's events are applied in their order, and bindings never touch each other's
	 * rows, so the entries are cut into waves (the first event of every binding, then the
	 * second, ...) and each wave is written with one batch per kind of statement. A round
	 * of a busy ledger is one wave of creations and one of ends: two batches instead of a
	 * statement per event.
	 */
	void apply(List<LedgerEntry> entries, Set<String> late) {
		Map<String, Integer> seen = new HashMap<>();
		List<List<LedgerEntry>> waves = new ArrayList<>();
		for (LedgerEntry e : entries) {
			if (e.bindingId() == null || !e.type().startsWith("BINDING_")) {
				continue;
			}
			int wave = seen.merge(e.bindingId(), 1, Integer::sum) - 1;
			if (wave == waves.size()) {
				waves.add(new ArrayList<>());
			}
			waves.get(wave).add(e);
		}
		List<String> lateCreations = new ArrayList<>();
		for (List<LedgerEntry> wave : waves) {
			applyWave(wave, late, lateCreations);
		}
		if (!lateCreations.isEmpty()) {
			closeLateCreations(lateCreations);
		}
	}

	/**
	 * One event per binding at most: the statements of different bindings may run in any
	 * order.
	 */
	private void applyWave(List<LedgerEntry> wave, Set<String> late, List<String> lateCreations) {
		List<Object[]> opened = new ArrayList<>();
		List<Object[]> lateIdentified = new ArrayList<>();
		List<Object[]> partyBClosed = new ArrayList<>();
		List<Object[]> partyBOpened = new ArrayList<>();
		List<Object[]> extended = new ArrayList<>();
		List<Object[]> ended = new ArrayList<>();
		List<Object[]> endedOpened = new ArrayList<>();
		for (LedgerEntry e : wave) {
			Map<String, String> f = fields(e);
			Timestamp createdAt = millis(f.get("createdAt"));
			switch (e.type()) {
				case "BINDING_CREATED" -> {
					opened.add(row(e, f, createdAt));
					if (late.contains(e.eventId())) {
						lateCreations.add(e.bindingId());
						if (f.get("industrialId") != null) {
							lateIdentified.add(new Object[] { f.get("industrialId"), e.bindingId(), createdAt });
						}
					}
				}
				case "BINDING_UPDATED" -> {
					if (f.getOrDefault("changes", "").contains("partyB")) {
						Timestamp at = Timestamp.from(e.occurredAt());
						partyBClosed.add(new Object[] { at, e.bindingId(), createdAt });
						partyBOpened.add(row(e, f, at));
					}
					else {
						// every event carries the whole binding: its expiry, recording
						// flag
						// and call controls as they now are
						extended.add(new Object[] { millis(f.get("expiresAt")), "1".equals(f.get("recording")),
								f.get("callControls"), e.bindingId(), createdAt });
					}
				}
				case "BINDING_RELEASED", "BINDING_EXPIRED" -> {
					Timestamp releasedAt = millis(f.get("releasedAt"));
					ended.add(new Object[] { releasedAt, f.get("reason"), releasedAt, e.bindingId(), createdAt });
					endedOpened.add(row(e, f, createdAt));
				}
				default -> {
				}
			}
		}
		batch(insert, opened);
		// a creation claimed after later events of its binding: the rows they opened (its
		// end's, a change of party B's) have no identifier
		batch("UPDATE " + table + " SET industrial_id = ? WHERE binding_id = ? AND valid_from >= ? "
				+ "AND industrial_id IS NULL", lateIdentified);
		batch("UPDATE " + table + " SET valid_to = ? WHERE binding_id = ? AND valid_from >= ? AND valid_to IS NULL",
				partyBClosed);
		batch(insert, partyBOpened);
		batch("UPDATE " + table + " h SET industrial_id = p.industrial_id FROM " + table + " p WHERE h.binding_id = ? "
				+ "AND h.valid_from = ? AND h.industrial_id IS NULL AND p.binding_id = h.binding_id "
				+ "AND p.valid_to = h.valid_from",
				partyBOpened.stream().map(r -> new Object[] { r[0], r[1] }).toList());
		batch("UPDATE " + table + " SET expires_at = ?, recording = ?, call_controls = ? WHERE binding_id = ? "
				+ "AND valid_from >= ? AND valid_to IS NULL", extended);
		int[] counts = batch(
				"UPDATE " + table + " SET released_at = ?, release_reason = ?, valid_to = coalesce(valid_to, ?) "
						+ "WHERE binding_id = ? AND valid_from >= ?",
				ended);
		List<Object[]> missing = new ArrayList<>();
		List<Object[]> missingEnded = new ArrayList<>();
		for (int i = 0; i < counts.length; i++) {
			if (counts[i] == 0) {
				// its creation is still to come (claimed late): the end carries the whole
				// binding
				missing.add(endedOpened.get(i));
				missingEnded.add(ended.get(i));
			}
		}
		batch(insert, missing);
		batch("UPDATE " + table + " SET released_at = ?, release_reason = ?, valid_to = ? WHERE binding_id = ? "
				+ "AND valid_from = ?", missingEnded);
	}

	private int[] batch(String sql, List<Object[]> rows) {
		return rows.isEmpty() ? new int[0] : jdbc.batchUpdate(sql, rows);
	}

	/**
	 * The stream fields of a lease event that have no column of their own (its details).
	 */
	private Map<String, String> fields(LedgerEntry e) {
		return json.readValue(e.details(), FIELDS);
	}

	/**
	 * A late creation's row ends where the binding's next row begins, and shares its end.
	 */
	private void closeLateCreations(List<String> bindingIds) {
		jdbc.update("UPDATE " + table
				+ " h SET valid_to = n.next_from, released_at = coalesce(h.released_at, n.released_at), "
				+ "release_reason = coalesce(h.release_reason, n.release_reason) FROM (SELECT binding_id, valid_from, "
				+ "lead(valid_from) OVER w AS next_from, last_value(released_at) OVER w AS released_at, "
				+ "last_value(release_reason) OVER w AS release_reason FROM " + table + " WHERE binding_id = ANY (?) "
				+ "WINDOW w AS (PARTITION BY binding_id ORDER BY valid_from ROWS BETWEEN UNBOUNDED PRECEDING AND "
				+ "UNBOUNDED FOLLOWING)) n WHERE h.binding_id = n.binding_id AND h.valid_from = n.valid_from "
				+ "AND h.valid_to IS NULL AND n.next_from IS NOT NULL", (Object) bindingIds.toArray(String[]::new));
	}

	private static Object[] row(LedgerEntry e, Map<String, String> f, Timestamp from) {
		return new Object[] { e.bindingId(), from, millis(f.get("createdAt")), millis(f.get("expiresAt")),
				e.virtualNumber(), e.platformId(), e.orderId(), f.get("mode"), f.get("poolId"), f.get("direction"),
				"1".equals(f.get("recording")), e.partyAIndex(), e.partyBIndex(), e.parties(), f.get("extension"),
				f.get("callControls"), f.get("industrialId"), f.get("groupId") };
	}

	private static Timestamp millis(String value) {
		return Timestamp.from(Instant.ofEpochMilli(Long.parseLong(value)));
	}

}
