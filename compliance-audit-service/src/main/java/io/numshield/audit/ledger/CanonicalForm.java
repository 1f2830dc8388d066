package io.numshield.audit.ledger;

import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * What a row's {@code hash} covers, by the row's {@code hash_version}. Version 1 (rows
 * written before V4): the fields of {@link LedgerEntry#canonical(long)}. Version 2: every
 * stored column of the row but {@code prev_hash} and {@code hash}, found generically (a
 * column added later is covered without a change here; it must be nullable without a
 * default so that older rows still verify), as one JSON object: keys the column names,
 * sorted; values strings (numbers in decimal, instants as ISO-8601 UTC at millisecond
 * precision); null columns left out. Serialised as Python's
 * {@code json.dumps(..., separators=(",", ":"), sort_keys=True, ensure_ascii=False)}
 * writes it, so that {@code scripts/verify-export.py} recomputes it from an export.
 */
public final class CanonicalForm {

	/** The version new rows are written with. */
	public static final int CURRENT = 2;

	private static final Set<String> NOT_COVERED = Set.of("prev_hash", "hash");

	private CanonicalForm() {
	}

	/**
	 * Version 2 of the columns given (column name to value; nulls and the hashes are left
	 * out).
	 */
	public static String v2(Map<String, ?> columns) {
		Map<String, String> covered = new TreeMap<>();
		columns.forEach((name, value) -> {
			if (value != null && !NOT_COVERED.contains(name)) {
				covered.put(name, text(value));
			}
		});
		StringBuilder out = new StringBuilder("{");
		covered.forEach((name, value) -> {
			if (out.length() > 1) {
				out.append(',');
			}
			quote(name, out);
			out.append(':');
			quote(value, out);
		});
		return out.append('}').toString();
	}

	/** Every column of the current row, by its name in lower case. */
	static Map<String, Object> columns(ResultSet rs) throws SQLException {
		ResultSetMetaData meta = rs.getMetaData();
		Map<String, Object> columns = new TreeMap<>();
		for (int i = 1; i <= meta.getColumnCount(); i++) {
			columns.put(meta.getColumnName(i).toLowerCase(Locale.ROOT), rs.getObject(i));
		}
		return columns;
	}

	/** A stored value as the canonical form writes it. */
	static String text(Object value) {
		if (value instanceof Timestamp t) {
			return instant(t.toInstant());
		}
		if (value instanceof Instant i) {
			return instant(i);
		}
		return value.toString();
	}

	/**
	 * {@link Instant#toString()}'s text, written directly for the instants the ledger
	 * stores (years 1000-9999, whole milliseconds): ingestion formats two per row, and
	 * the general formatter was a tenth of its thread's time (issue 10, point 7). Any
	 * other instant goes to {@code toString}.
	 */
	static String instant(Instant instant) {
		long seconds = instant.getEpochSecond();
		int nanos = instant.getNano();
		if (seconds < FIRST_FAST || seconds >= END_FAST || nanos % 1_000_000 != 0) {
			return instant.toString();
		}
		long days = Math.floorDiv(seconds, 86_400);
		int secondOfDay = (int) Math.floorMod(seconds, 86_400);
		java.time.LocalDate date = java.time.LocalDate.ofEpochDay(days);
		char[] out = new char[nanos == 0 ? 20 : 24];
		digits(out, 0, date.getYear(), 4);
		out[4] = '-';
		digits(out, 5, date.getMonthValue(), 2);
		out[7] = '-';
		digits(out, 8, date.getDayOfMonth(), 2);
		out[10] = 'T';
		digits(out, 11, secondOfDay / 3600, 2);
		out[13] = ':';
		digits(out, 14, secondOfDay / 60 % 60, 2);
		out[16] = ':';
		digits(out, 17, secondOfDay % 60, 2);
		if (nanos != 0) {
			out[19] = '.';
			digits(out, 20, nanos / 1_000_000, 3);
		}
		out[out.length - 1] = 'Z';
		return new String(out);
	}

	/**
	 * 1000-01-01T00:00:00Z and 10000-01-01T00:00:00Z: the years written with four digits
	 * and no sign.
	 */
	private static final long FIRST_FAST = -30_610_224_000L;

	private static final long END_FAST = 253_402_300_800L;

	private static void digits(char[] out, int at, int value, int width) {
		for (int i = at + width - 1; i >= at; i--) {
			out[i] = (char) ('0' + value % 10);
			value /= 10;
		}
	}

	/**
	 * Whether the text holds nothing that JSON escapes (a control character, a quote, a
	 * backslash).
	 */
	private static boolean plain(String text) {
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			if (c < 0x20 || c == '"' || c == '\\') {
				return false;
			}
		}
		return true;
	}

	/** A JSON string exactly as Python's json.dumps(ensure_ascii=False) writes it. */
	static void quote(String text, StringBuilder out) {
		out.append('"');
		if (plain(text)) {
			// nearly every value: nothing to escape, appended whole rather than char by
			// char
			out.append(text).append('"');
			return;
		}
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			switch (c) {
				case '"' -> out.append("\\\"");
				case '\\' -> out.append("\\\\");
				case '\n' -> out.append("\\n");
				case '\r' -> out.append("\\r");
				case '\t' -> out.append("\\t");
				case '\b' -> out.append("\\b");
				case '\f' -> out.append("\\f");
				default -> {
					if (c < 0x20) {
						out.append(String.format("\\u%04x", (int) c));
					}
					else {
						out.append(c);
					}
				}
			}
		}
		out.append('"');
	}

}
