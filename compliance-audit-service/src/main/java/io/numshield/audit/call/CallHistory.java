package io.numshield.audit.call;

import io.numshield.core.problem.ProblemCode;
import io.numshield.core.problem.Refusal;
import io.numshield.audit.replica.Reads;

import java.nio.charset.StandardCharsets;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;

/**
 * A platform's own call records: those of one of its bindings, or those that started in a
 * time range, oldest first (by {@code startedAt}, then {@code callId}), a page at a time.
 * The cursor is opaque to the platform: the last record's start and callId, so a page
 * never repeats or skips a record whatever arrives meanwhile (a record that the ingestion
 * adds later with an earlier start than the cursor is not seen by that walk; ask again
 * for the range). Another platform's binding is as unknown as one that does not exist.
 * Read where {@link Reads} says, like the regulators' reads.
 */
@Service
public class CallHistory {

	static final String COLUMNS = "call_id, binding_id, platform_id, order_id, virtual_number, call_type, caller, "
			+ "caller_role, action, reason, started_at, ringing_at, answered_at, ended_at, talk_seconds, release_cause, "
			+ "release_direction, recording_location IS NOT NULL AS recording";

	private static final Base64.Encoder CURSOR_OUT = Base64.getUrlEncoder().withoutPadding();

	private final JdbcTemplate jdbc;

	private final Reads reads;

	private final int maxPage;

	CallHistory(JdbcTemplate jdbc, Reads reads, CallProperties properties) {
		this.jdbc = jdbc;
		this.reads = reads;
		this.maxPage = properties.maxPage();
	}

	/** A page of records and the cursor of the next, null after the last. */
	public record Page(List<CallRecord> calls, @Nullable String nextCursor) {
	}

	/** The calls of a binding of the platform; 404 BINDING_NOT_FOUND for any other. */
	public Page ofBinding(String platformId, String bindingId, int limit, @Nullable String cursor) {
		int size = limit(limit);
		Position after = Position.parse(cursor);
		return reads.read(jdbc, source -> {
			List<Integer> owned = source.jdbc()
				.queryForList("SELECT 1 FROM holding WHERE binding_id = ? AND platform_id = ? LIMIT 1", Integer.class,
						bindingId, platformId);
			if (owned.isEmpty()) {
				throw new Refusal(ProblemCode.BINDING_NOT_FOUND, "no binding " + bindingId);
			}
			return page(source.jdbc()
				.query("SELECT " + COLUMNS
						+ " FROM call_record WHERE binding_id = ? AND platform_id = ? AND (started_at, call_id) > (?, ?) "
						+ "ORDER BY started_at, call_id LIMIT ?", CallHistory::record, bindingId, platformId,
						Timestamp.from(after.startedAt()), after.callId(), size + 1),
					size);
		}).value();
	}

	/** The platform's calls that started in [from, to). */
	public Page inRange(String platformId, Instant from, Instant to, int limit, @Nullable String cursor) {
		int size = limit(limit);
		Position after = Position.parse(cursor);
		return reads
			.read(jdbc,
					source -> page(source.jdbc()
						.query("SELECT " + COLUMNS
								+ " FROM call_record WHERE platform_id = ? AND started_at >= ? AND started_at < ? "
								+ "AND (started_at, call_id) > (?, ?) ORDER BY started_at, call_id LIMIT ?",
								CallHistory::record, platformId, Timestamp.from(from), Timestamp.from(to),
								Timestamp.from(after.startedAt()), after.callId(), size + 1),
							size))
			.value();
	}

	private int limit(int limit) {
		if (limit < 1 || limit > maxPage) {
			throw invalid("limit is 1.." + maxPage);
		}
		return limit;
	}

	private static Page page(List<CallRecord> rows, int size) {
		if (rows.size() <= size) {
			return new Page(rows, null);
		}
		List<CallRecord> shown = new ArrayList<>(rows.subList(0, size));
		CallRecord last = shown.get(size - 1);
		return new Page(shown, new Position(last.startedAt(), last.callId()).cursor());
	}

	static CallRecord record(ResultSet rs, int row) throws SQLException {
		Instant ringing = instant(rs, "ringing_at");
		Instant answered = instant(rs, "answered_at");
		Instant ended = instant(rs, "ended_at");
		Integer talk = (Integer) rs.getObject("talk_seconds");
		if (talk == null && answered != null && ended != null) {
			talk = seconds(answered, ended);
		}
		Integer ring = null;
		if (ringing != null && (answered != null || ended != null)) {
			ring = seconds(ringing, answered != null ? answered : ended);
		}
		Number cause = (Number) rs.getObject("release_cause");
		return new CallRecord(rs.getString("call_id"), rs.getString("binding_id"), rs.getString("platform_id"),
				rs.getString("order_id"), rs.getString("virtual_number"), rs.getString("call_type"),
				rs.getString("caller"), rs.getString("caller_role"), rs.getString("action"), rs.getString("reason"),
				instant(rs, "started_at"), ringing, answered, ended, ring, talk,
				cause == null ? null : cause.intValue(), rs.getString("release_direction"), rs.getBoolean("recording"));
	}

	private static int seconds(Instant from, Instant to) {
		return (int) Math.max(0, Duration.between(from, to).toSeconds());
	}

	private static @Nullable Instant instant(ResultSet rs, String column) throws SQLException {
		Timestamp t = rs.getTimestamp(column);
		return t == null ? null : t.toInstant();
	}

	static Refusal invalid(String detail) {
		return new Refusal(ProblemCode.VALIDATION_FAILED, detail);
	}

	/** Where a walk stopped: the last record shown. */
	record Position(Instant startedAt, String callId) {

		private static final Position START = new Position(Instant.parse("1970-01-01T00:00:00Z"), "");

		static Position parse(@Nullable String cursor) {
			if (cursor == null || cursor.isEmpty()) {
				return START;
			}
			try {
				String text = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
				int bar = text.indexOf('|');
				if (bar < 1) {
					throw invalid("cursor is not one this service gave");
				}
				return new Position(Instant.parse(text.substring(0, bar)), text.substring(bar + 1));
			}
			catch (IllegalArgumentException | DateTimeParseException ex) {
				throw invalid("cursor is not one this service gave");
			}
		}

		String cursor() {
			return CURSOR_OUT.encodeToString((startedAt + "|" + callId).getBytes(StandardCharsets.UTF_8));
		}

	}

}
