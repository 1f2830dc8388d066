package io.numshield.audit.query;

import io.numshield.audit.ledger.QueryPool;
import io.numshield.audit.ledger.QueryProperties;
import io.numshield.audit.replica.Freshness;
import io.numshield.audit.replica.Reads;
import io.numshield.audit.replica.Source;
import io.numshield.support.security.CallerIdentity;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.ResultSetExtractor;
import org.springframework.stereotype.Component;

import tools.jackson.core.JsonGenerator;
import tools.jackson.databind.ObjectMapper;

/**
 * Streams ledger entries in seq order, parties masked, as JSON lines or CSV: every stored
 * column, named in camelCase ({@code party_a_index} is {@code partyAIndex}), so that an
 * export holds all that the chain's hash covers ({@code scripts/verify-export.py}). Rows
 * come from a server-side cursor on the replica or, when {@link Reads} says it is too far
 * behind or away, on the regulators' {@link QueryPool}, and go straight to the response,
 * so memory stays flat whatever the range. {@code from}/{@code to} select by occurrence
 * time. The entries are counted first, in the same snapshot: over
 * {@code numshield.audit.query.max-rows} is refused, and the export's ACCESS entry (who,
 * why, the question, how many entries) is written before the first byte.
 */
@Component
public class EventExport {

	public enum Format {

		JSONL, CSV

	}

	/** What to export; null filters match everything. */
	public record Criteria(Instant from, Instant to, String platformId, String virtualNumber, String type) {
	}

	/**
	 * Where the export goes, opened once it is known to be allowed (and recorded), with
	 * how fresh its data is.
	 */
	@FunctionalInterface
	public interface Target {

		OutputStream open(Freshness freshness) throws IOException;

	}

	/** The range holds more entries than {@code numshield.audit.query.max-rows}. */
	public static final class TooManyRows extends RuntimeException {

		public TooManyRows(long rows, long max) {
			super("the range holds " + rows + " entries; an export holds at most " + max
					+ " (numshield.audit.query.max-rows): ask for a shorter range");
		}

	}

	/**
	 * CSV cells that a spreadsheet would read as a formula start with one of these
	 * (OWASP, CSV injection).
	 */
	private static final String FORMULA_STARTS = "=+-@\t\r";

	/**
	 * The columns of a call record export: every stored one but the recording's location
	 * (ciphertext), which is replaced by whether there is one.
	 */
	private static final String CALL_COLUMNS = "call_id, binding_id, platform_id, order_id, virtual_number, call_type, "
			+ "caller_index, caller, caller_role, action, reason, started_at, ringing_at, answered_at, ended_at, "
			+ "talk_seconds, release_cause, release_direction, recording_location IS NOT NULL AS recording, recording_at";

	private final QueryPool pool;

	private final AccessLog access;

	private final Reads reads;

	private final ObjectMapper json;

	private final long maxRows;

	EventExport(QueryPool pool, AccessLog access, Reads reads, ObjectMapper json, QueryProperties limits) {
		this.pool = pool;
		this.access = access;
		this.reads = reads;
		this.json = json;
		this.maxRows = limits.maxRows();
	}

	/** Writes the entries; answers how many. */
	public long export(CallerIdentity caller, String reason, Criteria criteria, Format format, Target target) {
		StringBuilder where = new StringBuilder(" FROM ledger WHERE occurred_at >= ? AND occurred_at < ?");
		List<Object> args = new ArrayList<>(List.of(Timestamp.from(criteria.from()), Timestamp.from(criteria.to())));
		Map<String, String> question = new LinkedHashMap<>();
		question.put("from", criteria.from().toString());
		question.put("to", criteria.to().toString());
		question.put("format", format.name().toLowerCase(Locale.ROOT));
		if (criteria.platformId() != null) {
			where.append(" AND platform_id = ?");
			args.add(criteria.platformId());
			question.put("platformId", criteria.platformId());
		}
		if (criteria.virtualNumber() != null) {
			where.append(" AND virtual_number = ?");
			args.add(criteria.virtualNumber());
			question.put("virtualNumber", criteria.virtualNumber());
		}
		if (criteria.type() != null) {
			where.append(" AND type = ?");
			args.add(criteria.type());
			question.put("type", criteria.type());
		}
		return export(caller, reason, "events", criteria.virtualNumber(), question, "SELECT *", where, "seq", args,
				format, target);
	}

	/**
	 * Writes the call records that started in [from, to), oldest first, caller masked,
	 * the recording's location left out (only whether there is one); answers how many.
	 * Counted, limited and recorded (ACCESS, query {@code calls}) like the events.
	 */
	public long exportCalls(CallerIdentity caller, String reason, Instant from, Instant to, Format format,
			Target target) {
		Map<String, String> question = new LinkedHashMap<>();
		question.put("from", from.toString());
		question.put("to", to.toString());
		question.put("format", format.name().toLowerCase(Locale.ROOT));
		return export(caller, reason, "calls", null, question, "SELECT " + CALL_COLUMNS,
				" FROM call_record WHERE started_at >= ? AND started_at < ?", "started_at, call_id",
				List.of(Timestamp.from(from), Timestamp.from(to)), format, target);
	}

	/**
	 * The ledger entries with seq in [fromSeq, toSeq], in seq order, each line exactly as
	 * the events export writes it (a case bundle, ADR 0030); flushed, not closed. Answers
	 * how many.
	 */
	public long writeRange(JdbcTemplate reader, long fromSeq, long toSeq, OutputStream target) {
		return write(reader, "SELECT * FROM ledger WHERE seq >= ? AND seq <= ? ORDER BY seq", List.of(fromSeq, toSeq),
				Format.JSONL, target);
	}

	/**
	 * The entries of these seqs alone, in seq order, as JSON lines (a case bundle's
	 * attested form, ADR 0030).
	 */
	public long writeSeqs(JdbcTemplate reader, java.util.Collection<Long> seqs, OutputStream target) {
		return write(reader, "SELECT * FROM ledger WHERE seq = ANY (?) ORDER BY seq",
				List.of((Object) seqs.toArray(Long[]::new)), Format.JSONL, target);
	}

	private long export(CallerIdentity caller, String reason, String query, String virtualNumber,
			Map<String, String> question, String select, CharSequence where, String order, List<Object> args,
			Format format, Target target) {
		return reads.read(pool.jdbc(), (Source source) -> source.inSnapshot(status -> {
			Long rows = source.jdbc().queryForObject("SELECT count(*)" + where, Long.class, args.toArray());
			if (rows != null && rows > maxRows) {
				throw new TooManyRows(rows, maxRows);
			}
			// from here a failure on the replica is not retried on the primary: the entry
			// is written
			source.settle();
			// recorded (and committed, on the service's own pool, on the primary) before
			// anything leaves; this transaction's snapshot is older, so the export does
			// not hold its own ACCESS entry
			access.recordExport(caller, query, reason, virtualNumber, question, rows == null ? 0 : rows,
					source.freshness());
			try {
				return write(source.jdbc(), select + where + " ORDER BY " + order, args, format,
						target.open(source.freshness()));
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		})).value();
	}

	private long write(JdbcTemplate jdbc, String sql, List<Object> args, Format format, OutputStream target) {
		Writer out = new BufferedWriter(new OutputStreamWriter(target, StandardCharsets.UTF_8), 64 * 1024);
		ResultSetExtractor<Long> rows = rs -> {
			long count = 0;
			try {
				if (format == Format.CSV) {
					// the header names the table's columns, even when no row follows
					out.write(String.join(",", names(rs.getMetaData())));
					out.write("\r\n");
				}
				while (rs.next()) {
					if (format == Format.CSV) {
						csv(rs, out);
					}
					else {
						jsonLine(rs, out);
					}
					count++;
				}
				out.flush();
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
			return count;
		};
		Long count = jdbc.query(sql, rows, args.toArray());
		return count == null ? 0 : count;
	}

	private static List<String> names(ResultSetMetaData meta) throws SQLException {
		List<String> names = new ArrayList<>();
		for (int i = 1; i <= meta.getColumnCount(); i++) {
			names.add(camel(meta.getColumnName(i)));
		}
		return names;
	}

	/** {@code party_a_index} is {@code partyAIndex}. */
	static String camel(String column) {
		StringBuilder out = new StringBuilder();
		boolean upper = false;
		for (char c : column.toLowerCase(Locale.ROOT).toCharArray()) {
			if (c == '_') {
				upper = true;
			}
			else {
				out.append(upper ? Character.toUpperCase(c) : c);
				upper = false;
			}
		}
		return out.toString();
	}

	private void jsonLine(ResultSet rs, Writer out) throws SQLException, IOException {
		ResultSetMetaData meta = rs.getMetaData();
		try (JsonGenerator g = json.createGenerator(new NonClosing(out))) {
			g.writeStartObject();
			for (int i = 1; i <= meta.getColumnCount(); i++) {
				String column = meta.getColumnName(i);
				Object value = rs.getObject(i);
				g.writeName(camel(column));
				if (value == null) {
					g.writeNull();
				}
				else if (column.equals("details")) {
					g.writeRawValue((String) value);
				}
				else if (value instanceof Number n) {
					g.writeNumber(n.longValue());
				}
				else {
					g.writeString(text(value));
				}
			}
			g.writeEndObject();
		}
		out.write('\n');
	}

	private static void csv(ResultSet rs, Writer out) throws SQLException, IOException {
		int columns = rs.getMetaData().getColumnCount();
		for (int i = 1; i <= columns; i++) {
			if (i > 1) {
				out.write(',');
			}
			Object value = rs.getObject(i);
			out.write(csvField(value == null ? null : text(value)));
		}
		out.write("\r\n");
	}

	private static String text(Object value) {
		return value instanceof Timestamp t ? t.toInstant().toString() : value.toString();
	}

	/**
	 * RFC 4180: quoted when it holds a comma, quote or line break, quotes doubled. A cell
	 * that a spreadsheet would take for a formula (starting with =, +, -, @, tab or
	 * carriage return) is quoted with a {@code '} in front (OWASP, CSV injection): it
	 * reads as text.
	 */
	static String csvField(String value) {
		if (value == null) {
			return "";
		}
		if (!value.isEmpty() && FORMULA_STARTS.indexOf(value.charAt(0)) >= 0) {
			return "\"'" + value.replace("\"", "\"\"") + '"';
		}
		if (value.indexOf(',') < 0 && value.indexOf('"') < 0 && value.indexOf('\n') < 0 && value.indexOf('\r') < 0) {
			return value;
		}
		return '"' + value.replace("\"", "\"\"") + '"';
	}

	/**
	 * Lets a generator write one line into the shared buffered writer: its close neither
	 * closes nor flushes the response (flushing per row would send one packet per entry).
	 */
	private static final class NonClosing extends java.io.FilterWriter {

		NonClosing(Writer out) {
			super(out);
		}

		@Override
		public void flush() {
		}

		@Override
		public void close() {
		}

	}

}
