package io.numshield.audit.query;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.io.BufferedWriter;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

import tools.jackson.core.JsonGenerator;
import tools.jackson.databind.ObjectMapper;

/**
 * Streams ledger entries in seq order, parties masked, as JSON lines or CSV. Rows come from a
 * server-side cursor (fetch size) and go straight to the response, so memory stays flat whatever
 * the range. {@code from}/{@code to} select by occurrence time.
 */
@Component
public class EventExport {

	public enum Format {
		JSONL, CSV
	}

	/** What to export; null filters match everything. */
	public record Criteria(Instant from, Instant to, String platformId, String virtualNumber, String type) {
	}

	static final String[] COLUMNS = { "seq", "eventId", "type", "occurredAt", "recordedAt", "platformId", "bindingId",
			"orderId", "virtualNumber", "partyA", "partyB", "details", "prevHash", "hash" };

	private static final int FETCH = 2_000;

	private final JdbcTemplate streaming;

	private final ObjectMapper json;

	EventExport(JdbcTemplate jdbc, ObjectMapper json) {
		this.streaming = new JdbcTemplate(jdbc.getDataSource());
		this.streaming.setFetchSize(FETCH);
		this.json = json;
	}

	/** Writes the entries; answers how many. */
	@Transactional(readOnly = true)
	public long export(Criteria criteria, Format format, OutputStream target) {
		StringBuilder sql = new StringBuilder("SELECT seq, event_id, type, occurred_at, recorded_at, platform_id, "
				+ "binding_id, order_id, virtual_number, party_a, party_b, details, prev_hash, hash FROM ledger "
				+ "WHERE occurred_at >= ? AND occurred_at < ?");
		List<Object> args = new ArrayList<>(List.of(Timestamp.from(criteria.from()), Timestamp.from(criteria.to())));
		if (criteria.platformId() != null) {
			sql.append(" AND platform_id = ?");
			args.add(criteria.platformId());
		}
		if (criteria.virtualNumber() != null) {
			sql.append(" AND virtual_number = ?");
			args.add(criteria.virtualNumber());
		}
		if (criteria.type() != null) {
			sql.append(" AND type = ?");
			args.add(criteria.type());
		}
		sql.append(" ORDER BY seq");
		Writer out = new BufferedWriter(new OutputStreamWriter(target, StandardCharsets.UTF_8), 64 * 1024);
		long[] count = { 0 };
		try {
			if (format == Format.CSV) {
				out.write(String.join(",", COLUMNS));
				out.write("\r\n");
			}
			streaming.query(sql.toString(), rs -> {
				try {
					if (format == Format.CSV) {
						csv(rs, out);
					}
					else {
						jsonLine(rs, out);
					}
				}
				catch (IOException ex) {
					throw new UncheckedIOException(ex);
				}
				count[0]++;
			}, args.toArray());
			out.flush();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return count[0];
	}

	private void jsonLine(ResultSet rs, Writer out) throws SQLException, IOException {
		try (JsonGenerator g = json.createGenerator(new NonClosing(out))) {
			g.writeStartObject();
			g.writeNumberProperty("seq", rs.getLong("seq"));
			g.writeStringProperty("eventId", rs.getString("event_id"));
			g.writeStringProperty("type", rs.getString("type"));
			g.writeStringProperty("occurredAt", rs.getTimestamp("occurred_at").toInstant().toString());
			g.writeStringProperty("recordedAt", rs.getTimestamp("recorded_at").toInstant().toString());
			g.writeStringProperty("platformId", rs.getString("platform_id"));
			g.writeStringProperty("bindingId", rs.getString("binding_id"));
			g.writeStringProperty("orderId", rs.getString("order_id"));
			g.writeStringProperty("virtualNumber", rs.getString("virtual_number"));
			g.writeStringProperty("partyA", rs.getString("party_a"));
			g.writeStringProperty("partyB", rs.getString("party_b"));
			g.writeName("details");
			g.writeRawValue(rs.getString("details"));
			g.writeStringProperty("prevHash", rs.getString("prev_hash"));
			g.writeStringProperty("hash", rs.getString("hash"));
			g.writeEndObject();
		}
		out.write('\n');
	}

	private static void csv(ResultSet rs, Writer out) throws SQLException, IOException {
		String[] values = { Long.toString(rs.getLong("seq")), rs.getString("event_id"), rs.getString("type"),
				rs.getTimestamp("occurred_at").toInstant().toString(), rs.getTimestamp("recorded_at").toInstant().toString(),
				rs.getString("platform_id"), rs.getString("binding_id"), rs.getString("order_id"),
				rs.getString("virtual_number"), rs.getString("party_a"), rs.getString("party_b"), rs.getString("details"),
				rs.getString("prev_hash"), rs.getString("hash") };
		for (int i = 0; i < values.length; i++) {
			if (i > 0) {
				out.write(',');
			}
			out.write(csvField(values[i]));
		}
		out.write("\r\n");
	}

	/** RFC 4180: quoted when it holds a comma, quote or line break, quotes doubled. */
	static String csvField(String value) {
		if (value == null) {
			return "";
		}
		if (value.indexOf(',') < 0 && value.indexOf('"') < 0 && value.indexOf('\n') < 0 && value.indexOf('\r') < 0) {
			return value;
		}
		return '"' + value.replace("\"", "\"\"") + '"';
	}

	/**
	 * Lets a generator write one line into the shared buffered writer: its close neither closes
	 * nor flushes the response (flushing per row would send one packet per entry).
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
