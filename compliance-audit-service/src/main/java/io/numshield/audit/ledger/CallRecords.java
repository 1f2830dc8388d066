package io.numshield.audit.ledger;

import io.numshield.core.event.EventType;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.ObjectMapper;

/**
 * Keeps {@code call_record}, one row per carrier callId, in step with the call entries
 * the ledger records (same transaction as the ledger rows, like {@link Holdings}): the
 * routing decision ({@code CALL_ROUTED}), the carrier's events ({@code CALL_EVENT}:
 * RINGING, ANSWERED, HANGUP, RECORDING_READY) and the recording's location
 * ({@code CALL_RECORDING}, AEAD ciphertext written by call-routing-service). A round's
 * entries are first folded per callId here, then written by one multi-row upsert: a
 * statement per round, not per event (the ingest path is measured, issue 10).
 * <p>
 * Folding is order-free, so an entry claimed late, or read twice, changes nothing it
 * should not: instants keep the earliest seen ({@code least}), every other field the
 * first value seen ({@code coalesce} with the row's own first). {@code started_at} is the
 * earliest of the decision's time and the times the carrier gave its events.
 */
@Component
class CallRecords {

	private static final TypeReference<Map<String, Object>> FIELDS = new TypeReference<>() {
	};

	/** Columns in the order of {@link Call#values()}, each with its SQL type. */
	private static final String[][] COLUMNS = { { "call_id", "text" }, { "binding_id", "text" },
			{ "platform_id", "text" }, { "order_id", "text" }, { "virtual_number", "text" }, { "call_type", "text" },
			{ "caller_index", "text" }, { "caller", "text" }, { "caller_role", "text" }, { "action", "text" },
			{ "reason", "text" }, { "started_at", "timestamptz" }, { "ringing_at", "timestamptz" },
			{ "answered_at", "timestamptz" }, { "ended_at", "timestamptz" }, { "talk_seconds", "integer" },
			{ "release_cause", "smallint" }, { "release_direction", "text" }, { "recording_location", "text" },
			{ "recording_at", "timestamptz" } };

	private static final String UPSERT = upsert();

	private final JdbcTemplate jdbc;

	private final ObjectMapper json;

	CallRecords(JdbcTemplate jdbc, ObjectMapper json) {
		this.jdbc = jdbc;
		this.json = json;
	}

	private static String upsert() {
		StringBuilder names = new StringBuilder();
		StringBuilder arrays = new StringBuilder();
		StringBuilder selected = new StringBuilder();
		StringBuilder updates = new StringBuilder();
		for (int i = 0; i < COLUMNS.length; i++) {
			String name = COLUMNS[i][0];
			String sep = i == 0 ? "" : ", ";
			names.append(sep).append(name);
			arrays.append(sep).append("?::text[]");
			selected.append(sep).append("r.").append(name).append("::").append(COLUMNS[i][1]);
			if (i > 0) {
				String merged = name.endsWith("_at") && !name.equals("recording_at") ? "least(c.%1$s, excluded.%1$s)"
						: "coalesce(c.%1$s, excluded.%1$s)";
				updates.append(i == 1 ? "" : ", ").append(name).append(" = ").append(merged.formatted(name));
			}
		}
		return "INSERT INTO call_record AS c (" + names + ") SELECT " + selected + " FROM unnest(" + arrays + ") AS r("
				+ names + ") ON CONFLICT (call_id) DO UPDATE SET " + updates;
	}

	/** Folds the call entries among {@code entries} into their records. */
	void apply(List<LedgerEntry> entries) {
		Map<String, Call> calls = new LinkedHashMap<>();
		for (LedgerEntry e : entries) {
			if (!e.type().equals(EventType.CALL_ROUTED.name()) && !e.type().equals(EventType.CALL_EVENT.name())
					&& !e.type().equals(EventType.CALL_RECORDING.name())) {
				continue;
			}
			Map<String, Object> details = json.readValue(e.details(), FIELDS);
			String callId = text(details.get("callId"));
			if (callId == null) {
				continue;
			}
			calls.computeIfAbsent(callId, Call::new).fold(e, details, json);
		}
		if (calls.isEmpty()) {
			return;
		}
		List<String[]> columns = new ArrayList<>(COLUMNS.length);
		for (int i = 0; i < COLUMNS.length; i++) {
			columns.add(new String[calls.size()]);
		}
		int row = 0;
		for (Call call : calls.values()) {
			String[] values = call.values();
			for (int i = 0; i < values.length; i++) {
				columns.get(i)[row] = values[i];
			}
			row++;
		}
		jdbc.update(UPSERT, columns.toArray());
	}

	private static @Nullable String text(@Nullable Object value) {
		if (value == null) {
			return null;
		}
		String text = value.toString();
		return text.isEmpty() ? null : text;
	}

	private static @Nullable Instant least(@Nullable Instant a, @Nullable Instant b) {
		if (a == null) {
			return b;
		}
		return b == null || a.isBefore(b) ? a : b;
	}

	private static <T> @Nullable T first(@Nullable T a, @Nullable T b) {
		return a != null ? a : b;
	}

	/** One call as this round's entries tell it. */
	private static final class Call {

		private final String callId;

		private @Nullable String bindingId;

		private @Nullable String platformId;

		private @Nullable String orderId;

		private @Nullable String virtualNumber;

		private @Nullable String callType;

		private @Nullable String callerIndex;

		private @Nullable String caller;

		private @Nullable String callerRole;

		private @Nullable String action;

		private @Nullable String reason;

		private @Nullable Instant startedAt;

		private @Nullable Instant ringingAt;

		private @Nullable Instant answeredAt;

		private @Nullable Instant endedAt;

		private @Nullable String talkSeconds;

		private @Nullable String releaseCause;

		private @Nullable String releaseDirection;

		private @Nullable String recordingLocation;

		private @Nullable Instant recordingAt;

		Call(String callId) {
			this.callId = callId;
		}

		void fold(LedgerEntry e, Map<String, Object> details, ObjectMapper json) {
			bindingId = first(bindingId, e.bindingId());
			platformId = first(platformId, e.platformId());
			orderId = first(orderId, e.orderId());
			virtualNumber = first(virtualNumber, e.virtualNumber());
			callerIndex = first(callerIndex, text(details.get("callerIndex")));
			Instant at = e.occurredAt();
			if (e.type().equals(EventType.CALL_ROUTED.name())) {
				callType = first(callType, text(details.get("callType")));
				action = first(action, text(details.get("action")));
				reason = first(reason, text(details.get("reason")));
				startedAt = least(startedAt, at);
				return;
			}
			if (e.type().equals(EventType.CALL_RECORDING.name())) {
				recordingLocation = first(recordingLocation, text(details.get("recordingLocation")));
				recordingAt = first(recordingAt, at);
				startedAt = least(startedAt, at);
				return;
			}
			callerRole = first(callerRole, text(details.get("callerRole")));
			String inner = text(details.get("details"));
			Map<String, Object> event = inner == null ? Map.of() : json.readValue(inner, FIELDS);
			caller = first(caller, text(event.get("caller")));
			Instant reported = reported(event.get("occurredAt"), at);
			startedAt = least(startedAt, reported);
			switch (String.valueOf(event.get("event"))) {
				case "RINGING" -> ringingAt = least(ringingAt, reported);
				case "ANSWERED" -> answeredAt = least(answeredAt, reported);
				case "HANGUP" -> {
					endedAt = least(endedAt, reported);
					talkSeconds = first(talkSeconds, text(event.get("durationSeconds")));
					releaseCause = first(releaseCause, text(event.get("releaseCause")));
					releaseDirection = first(releaseDirection, text(event.get("releaseDirection")));
				}
				default -> {
					// RECORDING_READY and the SMS events: the caller and the time alone
				}
			}
		}

		/**
		 * When the carrier says the event happened; its recording time if the carrier's
		 * is unreadable.
		 */
		private static Instant reported(@Nullable Object text, Instant recorded) {
			if (text == null) {
				return recorded;
			}
			try {
				return OffsetDateTime.parse(text.toString()).toInstant();
			}
			catch (DateTimeParseException ex) {
				return recorded;
			}
		}

		String[] values() {
			return new String[] { callId, bindingId, platformId, orderId, virtualNumber, callType, callerIndex, caller,
					callerRole, action, reason, time(startedAt), time(ringingAt), time(answeredAt), time(endedAt),
					talkSeconds, releaseCause, releaseDirection, recordingLocation, time(recordingAt) };
		}

		private static @Nullable String time(@Nullable Instant instant) {
			return instant == null ? null : instant.toString();
		}

	}

}
