package io.numshield.audit.ledger;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.ObjectMapper;

/**
 * Keeps {@code holding}, who held which virtual number when, in step with the lease events the
 * ledger records (same transaction as the ledger rows). It is a projection: everything in it can be
 * derived again from the ledger. A PATCH that changes party B closes the current row and opens the
 * next, so that a trace at any instant names the parties of that instant.
 */
@Component
class Holdings {

	private static final TypeReference<Map<String, String>> FIELDS = new TypeReference<>() {
	};

	private static final String INSERT = "INSERT INTO holding (binding_id, valid_from, leased_at, expires_at, "
			+ "virtual_number, platform_id, order_id, mode, pool_id, direction, recording, party_a_index, party_b_index, "
			+ "parties) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING";

	private final JdbcTemplate jdbc;

	private final ObjectMapper json;

	Holdings(JdbcTemplate jdbc, ObjectMapper json) {
		this.jdbc = jdbc;
		this.json = json;
	}

	/** Applies the entries in order; new holdings are inserted in batches, flushed before any change. */
	void apply(List<LedgerEntry> entries) {
		List<Object[]> opened = new ArrayList<>();
		for (LedgerEntry e : entries) {
			if (e.bindingId() == null || !e.type().startsWith("BINDING_")) {
				continue;
			}
			Map<String, String> f = json.readValue(e.details(), FIELDS);
			Timestamp createdAt = millis(f.get("createdAt"));
			if (e.type().equals("BINDING_CREATED")) {
				opened.add(row(e, f, createdAt));
				continue;
			}
			flush(opened);
			switch (e.type()) {
				case "BINDING_UPDATED" -> {
					if (f.getOrDefault("changes", "").contains("partyB")) {
						Timestamp at = Timestamp.from(e.occurredAt());
						jdbc.update("UPDATE holding SET valid_to = ? WHERE binding_id = ? AND valid_from >= ? AND valid_to IS NULL",
								at, e.bindingId(), createdAt);
						jdbc.update(INSERT, row(e, f, at));
					}
					else {
						jdbc.update("UPDATE holding SET expires_at = ? WHERE binding_id = ? AND valid_from >= ? AND valid_to IS NULL",
								millis(f.get("expiresAt")), e.bindingId(), createdAt);
					}
				}
				case "BINDING_RELEASED", "BINDING_EXPIRED" -> {
					Timestamp releasedAt = millis(f.get("releasedAt"));
					jdbc.update("UPDATE holding SET released_at = ?, release_reason = ?, valid_to = coalesce(valid_to, ?) "
							+ "WHERE binding_id = ? AND valid_from >= ?", releasedAt, f.get("reason"), releasedAt,
							e.bindingId(), createdAt);
				}
				default -> {
				}
			}
		}
		flush(opened);
	}

	private void flush(List<Object[]> opened) {
		if (!opened.isEmpty()) {
			jdbc.batchUpdate(INSERT, opened);
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
