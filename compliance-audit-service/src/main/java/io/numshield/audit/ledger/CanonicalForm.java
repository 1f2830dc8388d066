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
 * What a row's {@code hash} covers, by the row's {@code hash_version}. Version 1 (rows written
 * before V4): the fields of {@link LedgerEntry#canonical(long)}. Version 2: every stored column of
 * the row but {@code prev_hash} and {@code hash}, found generically (a column added later is
 * covered without a change here; it must be nullable without a default so that older rows still
 * verify), as one JSON object: keys the column names, sorted; values strings (numbers in decimal,
 * instants as ISO-8601 UTC at millisecond precision); null columns left out. Serialised as
 * Python's {@code json.dumps(..., separators=(",", ":"), sort_keys=True, ensure_ascii=False)}
 * writes it, so that {@code scripts/verify-export.py} recomputes it from an export.
 */
public final class CanonicalForm {

	/** The version new rows are written with. */
	public static final int CURRENT = 2;

	private static final Set<String> NOT_COVERED = Set.of("prev_hash", "hash");

	private CanonicalForm() {
	}

	/** Version 2 of the columns given (column name to value; nulls and the hashes are left out). */
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
			return t.toInstant().toString();
		}
		if (value instanceof Instant i) {
			return i.toString();
		}
		return value.toString();
	}

	/** A JSON string exactly as Python's json.dumps(ensure_ascii=False) writes it. */
	static void quote(String text, StringBuilder out) {
		out.append('"');
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
