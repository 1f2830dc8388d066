package io.numshield.audit.cases;

import io.numshield.audit.cases.CaseSource.FromBinding;
import io.numshield.audit.cases.CaseSource.FromParty;
import io.numshield.audit.cases.CaseSource.FromSignal;
import io.numshield.audit.cases.CaseSource.FromTrace;
import io.numshield.audit.ledger.Ledger;
import io.numshield.audit.ledger.LedgerEntry;
import io.numshield.audit.query.AccessLog;
import io.numshield.audit.query.Holder;
import io.numshield.audit.query.Investigations;
import io.numshield.core.crypto.PersonalDataProtector;
import io.numshield.core.event.EventType;
import io.numshield.core.id.CaseId;
import io.numshield.core.number.FreeText;
import io.numshield.core.problem.ProblemCode;
import io.numshield.core.problem.Refusal;
import io.numshield.support.security.CallerIdentity;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * Case files (ADR 0030). Opening one collects, from the source, the bindings involved
 * (their holdings), their call records, their {@code BINDING_*} ledger entries and their
 * platform and order ids, and stores them as references (table {@code audit_case}, V15)
 * with the opening regulator's identity (the token's subject, the API key id), in the
 * transaction of the case's {@code CASE_OPENED} ledger entry. Reading a case is allowed
 * to its opener only (another regulator is told there is no such case) and reveals the
 * parties' full numbers, recorded as an {@code ACCESS} entry; the case also lists the
 * actions taken from it ({@code BLOCKLIST_ADDED}, {@code PLATFORM_STATUS_CHANGED} whose
 * details carry its {@code caseId}). Everything is read on the primary.
 */
@Service
public class Cases {

	/** At most this many bindings, and calls, per case; more is marked truncated. */
	public static final int MAX_ITEMS = 500;

	private final JdbcTemplate jdbc;

	private final Ledger ledger;

	private final AccessLog access;

	private final Investigations investigations;

	private final PersonalDataProtector protector;

	private final Clock clock;

	private final ObjectMapper json;

	Cases(JdbcTemplate jdbc, Ledger ledger, AccessLog access, Investigations investigations,
			PersonalDataProtector protector, Clock clock, ObjectMapper json) {
		this.jdbc = jdbc;
		this.ledger = ledger;
		this.access = access;
		this.investigations = investigations;
		this.protector = protector;
		this.clock = clock;
		this.json = json;
	}

	/** What opening a case answers: the references it collected, no number. */
	public record Opened(String caseId, Instant openedAt, Map<String, Object> source, List<String> bindingIds,
			List<String> callIds, List<Long> ledgerSeqs, List<String> platformIds, List<String> orderIds,
			boolean truncated) {
	}

	/** A case as its opener reads it: the holders with full numbers. */
	public record CaseFile(String caseId, Instant openedAt, String openedBy, String reason, Map<String, Object> source,
			boolean truncated, List<Holder> bindings, List<CallItem> calls, List<String> platformIds,
			List<String> orderIds, List<Long> ledgerSeqs, List<Action> actions) {
	}

	/** A call record of the case, the caller masked (call records keep no more). */
	public record CallItem(String callId, @Nullable String bindingId, @Nullable String platformId,
			@Nullable String orderId, @Nullable String virtualNumber, @Nullable String callType,
			@Nullable String caller, @Nullable String callerRole, @Nullable String action, @Nullable String reason,
			Instant startedAt, @Nullable Instant answeredAt, @Nullable Instant endedAt, @Nullable Integer talkSeconds) {
	}

	/**
	 * An action taken from the case: a blocklist entry (its number masked) or a
	 * platform's status change.
	 */
	public record Action(long seq, String type, Instant occurredAt, @Nullable String platformId,
			@Nullable String number, @Nullable String status, @Nullable String reason, @Nullable String by) {
	}

	/** A stored case. */
	record Stored(String caseId, Instant openedAt, String openedBy, String reason, Map<String, Object> source,
			List<String> bindingIds, List<String> callIds, List<Long> ledgerSeqs, List<String> platformIds,
			List<String> orderIds, boolean truncated) {
	}

	@Transactional
	public Opened open(CallerIdentity caller, CaseSource source, String reason) {
		Collected found = new Collected();
		// sorted, like every level of a ledger entry's details: scripts/verify-export.py
		// hashes them as json.dumps(sort_keys=True) writes them
		Map<String, Object> described = new TreeMap<>();
		described.put("type", source.type());
		String virtualNumber = null;
		String partyIndex = null;
		String partyMasked = null;
		switch (source) {
			case FromSignal s -> {
				described.put("signalId", s.signalId());
				partyIndex = fromSignal(s.signalId(), found);
			}
			case FromTrace t -> {
				virtualNumber = t.number().digits();
				described.put("virtualNumber", virtualNumber);
				described.put("at", t.at().toString());
				Timestamp at = Timestamp.from(t.at());
				found.bindings(jdbc.queryForList(
						"SELECT DISTINCT binding_id FROM holding WHERE virtual_number = ? AND held @> ?::timestamptz "
								+ "AND valid_from <= ? ORDER BY binding_id",
						String.class, virtualNumber, at, at));
			}
			case FromBinding b -> {
				described.put("bindingId", b.bindingId());
				List<String> ids = jdbc.queryForList("SELECT DISTINCT binding_id FROM holding WHERE binding_id = ?",
						String.class, b.bindingId());
				if (ids.isEmpty()) {
					throw new Refusal(ProblemCode.BINDING_NOT_FOUND, "the ledger knows no binding " + b.bindingId());
				}
				found.bindings(ids);
			}
			case FromParty p -> {
				partyIndex = protector.blindIndex(p.party());
				partyMasked = p.party().masked();
				described.put("party", partyMasked);
				described.put("from", p.from().toString());
				described.put("to", p.to().toString());
				found.bindings(partyBindings(partyIndex, p.from(), p.to()));
			}
		}
		complete(found);
		CaseId id = CaseId.random();
		Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
		String masked = FreeText.masked(reason);
		List<String> bindingIds = List.copyOf(found.bindingIds);
		List<String> callIds = List.copyOf(found.callIds);
		List<Long> seqs = List.copyOf(found.seqs);
		List<String> platformIds = List.copyOf(found.platformIds);
		List<String> orderIds = List.copyOf(found.orderIds);
		String sourceJson = json.writeValueAsString(described);
		jdbc.execute((ConnectionCallback<Integer>) connection -> {
			try (var insert = connection.prepareStatement(
					"INSERT INTO audit_case (case_id, opened_at, opened_by, reason, source_type, source, binding_ids, "
							+ "call_ids, ledger_seqs, platform_ids, order_ids, truncated) "
							+ "VALUES (?, ?, ?, ?, ?, ?::jsonb, ?, ?, ?, ?, ?, ?)")) {
				insert.setString(1, id.value());
				insert.setTimestamp(2, Timestamp.from(now));
				insert.setString(3, caller.subject());
				insert.setString(4, masked);
				insert.setString(5, source.type());
				insert.setString(6, sourceJson);
				insert.setArray(7, connection.createArrayOf("text", bindingIds.toArray()));
				insert.setArray(8, connection.createArrayOf("text", callIds.toArray()));
				insert.setArray(9, connection.createArrayOf("bigint", seqs.toArray()));
				insert.setArray(10, connection.createArrayOf("text", platformIds.toArray()));
				insert.setArray(11, connection.createArrayOf("text", orderIds.toArray()));
				insert.setBoolean(12, found.truncated);
				return insert.executeUpdate();
			}
		});
		Map<String, Object> details = new TreeMap<>();
		details.put("caseId", id.value());
		details.put("principal", caller.subject());
		details.put("role", caller.role().name());
		details.put("reason", masked);
		details.put("source", described);
		details.put("bindingIds", bindingIds);
		details.put("calls", callIds.size());
		details.put("ledgerSeqs", seqs.size());
		details.put("truncated", found.truncated);
		ledger.append(List.of(new LedgerEntry("case:" + id.value(), EventType.CASE_OPENED.name(), now, null, null, null,
				virtualNumber, partyMasked, null, partyIndex, null, null, json.writeValueAsString(details))));
		return new Opened(id.value(), now, described, bindingIds, callIds, seqs, platformIds, orderIds,
				found.truncated);
	}

	/**
	 * The case, if the caller opened it, with the parties' full numbers; recorded as an
	 * ACCESS entry (query {@code case}) before it is answered.
	 */
	@Transactional
	public CaseFile read(CallerIdentity caller, String caseId) {
		Stored stored = stored(caller, caseId);
		List<Holder> holders = investigations.holdersOf(stored.bindingIds());
		List<CallItem> calls = stored.callIds().isEmpty() ? List.of()
				: jdbc.query("SELECT * FROM call_record WHERE call_id = ANY (?) ORDER BY started_at, call_id",
						this::call, (Object) stored.callIds().toArray(String[]::new));
		List<Action> actions = actions(caseId);
		Map<String, Object> details = new TreeMap<>();
		details.put("caseId", caseId);
		details.put("holders", holders.size());
		details.put("bindingIds", stored.bindingIds());
		details.put("calls", calls.size());
		access.recordCase(caller, "case", stored.reason(), details);
		return new CaseFile(stored.caseId(), stored.openedAt(), stored.openedBy(), stored.reason(), stored.source(),
				stored.truncated(), holders, calls, stored.platformIds(), stored.orderIds(), stored.ledgerSeqs(),
				actions);
	}

	/**
	 * The stored case, if this caller opened it; else 404 {@code CASE_NOT_FOUND}, whether
	 * it does not exist or is another regulator's (so that its existence is not told).
	 */
	Stored stored(CallerIdentity caller, String caseId) {
		List<Stored> found = jdbc.query("SELECT * FROM audit_case WHERE case_id = ?", this::stored, caseId);
		if (found.isEmpty() || !found.get(0).openedBy().equals(caller.subject())) {
			throw new Refusal(ProblemCode.CASE_NOT_FOUND, "no case " + caseId + " opened by this regulator");
		}
		return found.get(0);
	}

	/**
	 * The seqs of the case's own entries in the ledger: its CASE_OPENED entry and the
	 * actions taken from it.
	 */
	List<Long> ownEntries(String caseId) {
		return jdbc.queryForList(
				"SELECT seq FROM ledger WHERE type IN ('CASE_OPENED', 'BLOCKLIST_ADDED', "
						+ "'PLATFORM_STATUS_CHANGED') AND (details::jsonb ->> 'caseId') = ? ORDER BY seq",
				Long.class, caseId);
	}

	private List<Action> actions(String caseId) {
		return jdbc.query("SELECT seq, type, occurred_at, platform_id, party_a, details FROM ledger "
				+ "WHERE type IN ('BLOCKLIST_ADDED', 'PLATFORM_STATUS_CHANGED') AND (details::jsonb ->> 'caseId') = ? "
				+ "ORDER BY seq", (rs, i) -> {
					JsonNode d = json.readTree(rs.getString("details"));
					return new Action(rs.getLong("seq"), rs.getString("type"),
							rs.getTimestamp("occurred_at").toInstant(), rs.getString("platform_id"),
							rs.getString("party_a"), text(d, "status"), text(d, "reason"),
							d.has("changedBy") ? text(d, "changedBy") : text(d, "by"));
				}, caseId);
	}

	/**
	 * The signal's subject and evidence; answers the blind index of its party or caller,
	 * if it names one, for the CASE_OPENED entry.
	 */
	private @Nullable String fromSignal(String signalId, Collected found) {
		List<Map<String, Object>> rows = jdbc.queryForList("SELECT subject_type, subject, window_from, window_to, "
				+ "evidence::text AS evidence, ledger_seq FROM signal WHERE signal_id = ?", signalId);
		if (rows.isEmpty()) {
			throw new Refusal(ProblemCode.SIGNAL_NOT_FOUND, "no signal " + signalId);
		}
		Map<String, Object> row = rows.get(0);
		String type = (String) row.get("subject_type");
		String subject = (String) row.get("subject");
		Instant from = ((Timestamp) row.get("window_from")).toInstant();
		Instant to = ((Timestamp) row.get("window_to")).toInstant();
		String index = null;
		switch (type) {
			case "PARTY" -> {
				index = subject;
				found.bindings(partyBindings(subject, from, to));
			}
			case "CALLER" -> {
				index = subject;
				jdbc.query("SELECT call_id, binding_id FROM call_record WHERE caller_index = ? AND started_at >= ? "
						+ "AND started_at < ? ORDER BY started_at, call_id LIMIT " + (MAX_ITEMS + 1), rs -> {
							found.call(rs.getString("call_id"));
							if (rs.getString("binding_id") != null) {
								found.binding(rs.getString("binding_id"));
							}
						}, subject, Timestamp.from(from), Timestamp.from(to));
			}
			case "PLATFORM" -> found.bindings(jdbc.queryForList(
					"SELECT DISTINCT binding_id FROM holding "
							+ "WHERE platform_id = ? AND valid_from < ? AND coalesce(valid_to, expires_at) > ? "
							+ "ORDER BY binding_id LIMIT " + (MAX_ITEMS + 1),
					String.class, subject, Timestamp.from(to), Timestamp.from(from)));
			default -> {
				if (subject.matches("700[0-9]{12}")) {
					found.bindings(jdbc.queryForList("SELECT DISTINCT binding_id FROM holding "
							+ "WHERE virtual_number = ? AND valid_from < ? AND coalesce(valid_to, expires_at) > ? "
							+ "ORDER BY binding_id LIMIT " + (MAX_ITEMS + 1), String.class, subject, Timestamp.from(to),
							Timestamp.from(from)));
				}
			}
		}
		JsonNode evidence = json.readTree((String) row.get("evidence"));
		evidence.path("bindingIds").forEach(b -> found.binding(b.asString()));
		evidence.path("callIds").forEach(c -> found.call(c.asString()));
		evidence.path("ledgerSeqs").forEach(s -> found.seqs.add(s.asLong()));
		if (row.get("ledger_seq") != null) {
			found.seqs.add(((Number) row.get("ledger_seq")).longValue());
		}
		return index;
	}

	private List<String> partyBindings(String index, Instant from, Instant to) {
		return jdbc.queryForList("SELECT DISTINCT binding_id FROM holding WHERE (party_a_index = ? OR "
				+ "party_b_index = ?) AND valid_from < ? AND coalesce(valid_to, expires_at) > ? ORDER BY binding_id "
				+ "LIMIT " + (MAX_ITEMS + 1), String.class, index, index, Timestamp.from(to), Timestamp.from(from));
	}

	/**
	 * Adds what the bindings imply: their calls, their BINDING_* entries, the platforms
	 * and orders of both.
	 */
	private void complete(Collected found) {
		if (found.bindingIds.isEmpty() && found.callIds.isEmpty()) {
			return;
		}
		String[] bindings = found.bindingIds.toArray(String[]::new);
		if (bindings.length > 0) {
			jdbc.query("SELECT call_id FROM call_record WHERE binding_id = ANY (?) ORDER BY started_at, call_id LIMIT "
					+ (MAX_ITEMS + 1), rs -> {
						found.call(rs.getString("call_id"));
					}, (Object) bindings);
			found.seqs.addAll(jdbc.queryForList(
					"SELECT seq FROM ledger WHERE binding_id = ANY (?) AND type LIKE 'BINDING\\_%' ORDER BY seq",
					Long.class, (Object) bindings));
			jdbc.query("SELECT DISTINCT platform_id, order_id FROM holding WHERE binding_id = ANY (?) "
					+ "ORDER BY platform_id, order_id", rs -> {
						found.platform(rs.getString("platform_id"), rs.getString("order_id"));
					}, (Object) bindings);
		}
		if (!found.callIds.isEmpty()) {
			jdbc.query("SELECT DISTINCT platform_id, order_id FROM call_record WHERE call_id = ANY (?) "
					+ "ORDER BY platform_id, order_id", rs -> {
						found.platform(rs.getString("platform_id"), rs.getString("order_id"));
					}, (Object) found.callIds.toArray(String[]::new));
		}
	}

	/** What a source led to, in the order found, each at most {@link #MAX_ITEMS}. */
	private static final class Collected {

		final Set<String> bindingIds = new LinkedHashSet<>();

		final Set<String> callIds = new LinkedHashSet<>();

		final Set<Long> seqs = new TreeSet<>();

		final Set<String> platformIds = new TreeSet<>();

		final Set<String> orderIds = new TreeSet<>();

		boolean truncated;

		void bindings(List<String> ids) {
			ids.forEach(this::binding);
		}

		void binding(String id) {
			add(bindingIds, id);
		}

		void call(String id) {
			add(callIds, id);
		}

		void platform(@Nullable String platformId, @Nullable String orderId) {
			if (platformId != null) {
				platformIds.add(platformId);
			}
			if (orderId != null) {
				orderIds.add(orderId);
			}
		}

		private void add(Set<String> set, String id) {
			if (set.contains(id)) {
				return;
			}
			if (set.size() >= MAX_ITEMS) {
				truncated = true;
				return;
			}
			set.add(id);
		}

	}

	private Stored stored(ResultSet rs, int row) throws SQLException {
		@SuppressWarnings("unchecked")
		Map<String, Object> source = json.readValue(rs.getString("source"), Map.class);
		return new Stored(rs.getString("case_id"), rs.getTimestamp("opened_at").toInstant(), rs.getString("opened_by"),
				rs.getString("reason"), source, strings(rs.getArray("binding_ids")), strings(rs.getArray("call_ids")),
				longs(rs.getArray("ledger_seqs")), strings(rs.getArray("platform_ids")),
				strings(rs.getArray("order_ids")), rs.getBoolean("truncated"));
	}

	private CallItem call(ResultSet rs, int row) throws SQLException {
		Object talk = rs.getObject("talk_seconds");
		return new CallItem(rs.getString("call_id"), rs.getString("binding_id"), rs.getString("platform_id"),
				rs.getString("order_id"), rs.getString("virtual_number"), rs.getString("call_type"),
				rs.getString("caller"), rs.getString("caller_role"), rs.getString("action"), rs.getString("reason"),
				rs.getTimestamp("started_at").toInstant(), instant(rs, "answered_at"), instant(rs, "ended_at"),
				talk == null ? null : ((Number) talk).intValue());
	}

	private static @Nullable Instant instant(ResultSet rs, String column) throws SQLException {
		Timestamp t = rs.getTimestamp(column);
		return t == null ? null : t.toInstant();
	}

	private static List<String> strings(Array array) throws SQLException {
		return List.of((String[]) array.getArray());
	}

	private static List<Long> longs(Array array) throws SQLException {
		return new ArrayList<>(Arrays.asList((Long[]) array.getArray()));
	}

	private static @Nullable String text(JsonNode node, String field) {
		JsonNode value = node.get(field);
		return value == null || value.isNull() ? null : value.asString();
	}

}
