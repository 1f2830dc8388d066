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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import tools.jackson.core.JacksonException;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

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

	/**
	 * A plain reader: the web's text rules (no control characters) are for requests; a
	 * ledger entry's details hold what its writer wrote, and a call record must never
	 * fail the round that writes its entries.
	 */
	private static final ObjectMapper JSON = JsonMapper.builder().build();

	private static final Logger log = LoggerFactory.getLogger(CallRecords.class);

	private final JdbcTemplate jdbc;

	CallRecords(JdbcTemplate jdbc) {
		this.jdbc = jdbc;
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
			try {
				Map<String, Object> details = JSON.readValue(e.details(), FIELDS);
				String callId = text(details.get("callId"));
				if (callId != null && callId.length() <= 128) {
					calls.computeIfAbsent(callId, Call::new).fold(e, details, JSON);
				}
			}
			catch (JacksonException unreadable) {
				// the ledger keeps the entry; the call record goes without it
				log.warn("call entry {} has details that are not JSON: left out of its call record", e.eventId());
			}
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

		/**
		 * The row's values as text, each cut to its column and numbers checked, so that a
		 * writer's odd value cannot fail the round's ledger rows with it.
		 */
		String[] values() {
			return new String[] { callId, fit(bindingId, 32), fit(platformId, 64), fit(orderId, 64),
					fit(virtualNumber, 15), fit(callType, 8), fit(callerIndex, 32), fit(caller, 16), fit(callerRole, 8),
					fit(action, 8), fit(reason, 40), time(startedAt), time(ringingAt), time(answeredAt), time(endedAt),
					number(talkSeconds, Integer.MAX_VALUE), number(releaseCause, Short.MAX_VALUE),
					fit(releaseDirection, 8), recordingLocation, time(recordingAt) };
		}

		private static @Nullable String fit(@Nullable String value, int length) {
			return value == null || value.length() <= length ? value : value.substring(0, length);
		}

		private static @Nullable String number(@Nullable String value, long max) {
			if (value == null) {
				return null;
			}
			try {
				long n = Long.parseLong(value);
				return n < 0 || n > max ? null : Long.toString(n);
			}
			catch (NumberFormatException ex) {
				return null;
			}
		}

		private static @Nullable String time(@Nullable Instant instant) {
			return instant == null ? null : instant.toString();
		}

	}

}
