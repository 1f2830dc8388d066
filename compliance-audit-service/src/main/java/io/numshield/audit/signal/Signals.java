package io.numshield.audit.signal;

import java.nio.charset.StandardCharsets;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

import tools.jackson.databind.ObjectMapper;

/**
 * The raised signals, oldest first by {@code raised_at} then signalId, paged by an opaque
 * cursor (the last one shown): the regulators' list; and one signal by its id.
 */
@Repository
public class Signals {

	private static final Base64.Encoder CURSOR_OUT = Base64.getUrlEncoder().withoutPadding();

	private final JdbcTemplate jdbc;

	private final ObjectMapper json;

	Signals(JdbcTemplate jdbc, ObjectMapper json) {
		this.jdbc = jdbc;
		this.json = json;
	}

	/** A page of signals and the cursor of the next, null after the last. */
	public record Page(List<SignalView> signals, @Nullable String nextCursor) {
	}

	/**
	 * Those raised in [from, to), of one kind or all, after {@code after}.
	 */
	public Page raised(Instant from, Instant to, @Nullable SignalKind kind, int limit, Position after) {
		List<Object> args = new ArrayList<>(List.of(Timestamp.from(from), Timestamp.from(to),
				Timestamp.from(after.raisedAt()), Timestamp.from(after.raisedAt()), after.signalId()));
		String byKind = "";
		if (kind != null) {
			byKind = " AND kind = ?";
			args.add(kind.name());
		}
		args.add(limit + 1);
		List<Signal> rows = jdbc.query("SELECT * FROM signal WHERE raised_at >= ? AND raised_at < ? "
				+ "AND (raised_at > ? OR (raised_at = ? AND signal_id > ?))" + byKind
				+ " ORDER BY raised_at, signal_id LIMIT ?", this::row, args.toArray());
		List<SignalView> shown = rows.stream().limit(limit).map(SignalView::of).toList();
		if (rows.size() <= limit) {
			return new Page(shown, null);
		}
		SignalView last = shown.get(shown.size() - 1);
		return new Page(shown, new Position(last.raisedAt(), last.signalId()).cursor());
	}

	/** One signal by its id, if it was raised. */
	public Optional<SignalView> byId(String signalId) {
		return jdbc.query("SELECT * FROM signal WHERE signal_id = ?", this::row, signalId)
			.stream()
			.findFirst()
			.map(SignalView::of);
	}

	private Signal row(ResultSet rs, int n) throws SQLException {
		long seq = rs.getLong("ledger_seq");
		// wasNull speaks of the last column read: asked here, not after the others
		Long ledgerSeq = rs.wasNull() ? null : seq;
		return new Signal(rs.getString("signal_id"), SignalKind.valueOf(rs.getString("kind")),
				rs.getTimestamp("raised_at").toInstant(), rs.getTimestamp("window_from").toInstant(),
				rs.getTimestamp("window_to").toInstant(), rs.getString("subject_type"), rs.getString("subject"),
				rs.getString("subject_masked"), rs.getBigDecimal("observed"), rs.getBigDecimal("baseline"),
				rs.getBigDecimal("threshold"), rs.getString("explanation"), json.readTree(rs.getString("evidence")),
				ledgerSeq);
	}

	/**
	 * Where a walk stopped: the last signal shown; {@link #parse} reads a cursor (a
	 * cursor this service did not give is an {@link IllegalArgumentException}).
	 */
	public record Position(Instant raisedAt, String signalId) {

		private static final Position START = new Position(Instant.parse("1970-01-01T00:00:00Z"), "");

		public static Position parse(@Nullable String cursor) {
			if (cursor == null || cursor.isEmpty()) {
				return START;
			}
			try {
				String text = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
				int bar = text.indexOf('|');
				if (bar < 1) {
					throw new IllegalArgumentException("cursor is not one this service gave");
				}
				return new Position(Instant.parse(text.substring(0, bar)), text.substring(bar + 1));
			}
			catch (DateTimeParseException ex) {
				throw new IllegalArgumentException("cursor is not one this service gave", ex);
			}
		}

		String cursor() {
			return CURSOR_OUT.encodeToString((raisedAt + "|" + signalId).getBytes(StandardCharsets.UTF_8));
		}

	}

}
