package io.numshield.audit.ledger;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

/**
 * Appends entries in one transaction (with the {@link Holdings} projection they imply):
 * serialised by an advisory lock (the chain has one head), idempotent by eventId (an
 * entry read twice is written once), each row's hash = SHA-256(previous hash + "\n" +
 * canonical form), the first previous hash being 64 zeros. New rows use the current
 * {@link CanonicalForm} (every stored column). The rows are hashed here and written by
 * one COPY, so that a round of ingestion costs the database little more than its index
 * entries. The call entries among them are folded into {@link CallRecords} in the same
 * transaction.
 */
@Repository
public class Ledger {

	public static final String GENESIS = "0".repeat(64);

	/**
	 * Which of a round's eventIds the ledger already has. A join with the round's ids
	 * rather than {@code event_id = ANY (?)}: PostgreSQL keeps a generic plan for a
	 * prepared statement, and one made while a partition was small (a new month, a new
	 * database) scanned it and compared every row with every id of the round, a cost that
	 * grew with the partition times the round (17 s a round at 130,000 rows and 12,000
	 * ids, docs/benchmarks.md). Joined, no plan compares a row with the whole round; a
	 * plan kept from a small partition still reads the partition whole each round until
	 * an analyze replaces it ({@link LedgerStatistics}, ADR 0019). The bounds on
	 * {@code recorded_at} leave out the months before the round's earliest event (an
	 * entry is recorded after it occurs) and the months created ahead (an entry already
	 * written was recorded before now): each id is looked up in the partitions left, so
	 * the fewer the better.
	 */
	static final String KNOWN_EVENTS = "SELECT l.event_id FROM ledger l JOIN unnest(?::text[]) AS r(event_id) "
			+ "ON l.event_id = r.event_id WHERE l.recorded_at >= ? AND l.recorded_at < ?";

	/**
	 * How much earlier than its occurrence an entry may have been recorded, or later than
	 * now by another instance: the clocks of the hosts that stamp them may differ by this
	 * much.
	 */
	static final Duration RECORDED_BEFORE_OCCURRED = Duration.ofDays(1);

	private static final long CHAIN_LOCK = 700_700_700L;

	private final JdbcTemplate jdbc;

	private final Clock clock;

	private final Holdings holdings;

	private final CallRecords calls;

	/**
	 * How long each new entry took from its occurrence to the ledger (recorded minus
	 * occurred): the audit lag as a regulator's query sees it, with a histogram bucket at
	 * the 1 s target (application.yml), which the lag alert reads.
	 */
	private final Timer lag;

	/**
	 * How recent an append must be for its lag to say how ingestion is doing now
	 * ({@link #behind}).
	 */
	static final Duration RECENT = Duration.ofSeconds(5);

	/**
	 * When the last append with new entries ended ({@link System#nanoTime()}), 0: none.
	 */
	private volatile long lastAppendAt;

	/** The most lag (ms) among the new entries of the last append that had any. */
	private volatile long lastAppendLag;

	Ledger(JdbcTemplate jdbc, Clock clock, Holdings holdings, CallRecords calls, MeterRegistry meters) {
		this.jdbc = jdbc;
		this.clock = clock;
		this.holdings = holdings;
		this.calls = calls;
		this.lag = Timer.builder("audit.ledger.lag")
			.description("time from an event's occurrence to its ledger entry")
			.register(meters);
	}

	/** Answers how many entries were new. */
	@Transactional
	public int append(List<LedgerEntry> entries) {
		return append(entries, Set.of());
	}

	/**
	 * As {@link #append(List)}; {@code late} names the eventIds that were claimed from a
	 * consumer that stopped, which may arrive after later events of the same binding.
	 */
	@Transactional
	public int append(List<LedgerEntry> entries, Set<String> late) {
		if (entries.isEmpty()) {
			return 0;
		}
		jdbc.queryForObject("SELECT pg_advisory_xact_lock(?)", Object.class, CHAIN_LOCK);
		Set<String> known = new HashSet<>(jdbc.queryForList(KNOWN_EVENTS, String.class,
				(Object) entries.stream().map(LedgerEntry::eventId).toArray(String[]::new),
				Timestamp.from(earliest(entries).minus(RECORDED_BEFORE_OCCURRED)),
				Timestamp.from(clock.instant().plus(RECORDED_BEFORE_OCCURRED))));
		List<Object[]> rows = new ArrayList<>();
		List<String[]> texts = new ArrayList<>();
		List<LedgerEntry> fresh = new ArrayList<>();
		long seq = 0;
		String prev = GENESIS;
		List<java.util.Map<String, Object>> head = jdbc
			.queryForList("SELECT seq, hash FROM ledger ORDER BY seq DESC LIMIT 1");
		if (!head.isEmpty()) {
			seq = ((Number) head.get(0).get("seq")).longValue();
			prev = (String) head.get(0).get("hash");
		}
		// milliseconds, like occurred_at: the hash covers the recording time exactly as
		// stored and exported
		Timestamp now = Timestamp.from(clock.instant().truncatedTo(ChronoUnit.MILLIS));
		List<String> names = null;
		for (LedgerEntry e : entries) {
			if (!known.add(e.eventId())) {
				continue;
			}
			seq++;
			fresh.add(e);
			Map<String, Object> columns = new LinkedHashMap<>();
			columns.put("seq", seq);
			columns.put("recorded_at", now);
			columns.putAll(e.columns());
			columns.put("hash_version", CanonicalForm.CURRENT);
			// each value as text once: the canonical form and COPY write the same text
			Map<String, String> text = new LinkedHashMap<>();
			columns.forEach((name, value) -> text.put(name, value == null ? null : CanonicalForm.text(value)));
			String hash = sha256(prev + "\n" + CanonicalForm.v2(text));
			columns.put("prev_hash", prev);
			columns.put("hash", hash);
			text.put("prev_hash", prev);
			text.put("hash", hash);
			names = List.copyOf(columns.keySet());
			rows.add(columns.values().toArray());
			texts.add(text.values().toArray(String[]::new));
			prev = hash;
		}
		if (names != null) {
			insert(names, rows, texts);
		}
		holdings.apply(fresh, late);
		calls.apply(fresh);
		long recorded = now.getTime();
		long most = 0;
		for (LedgerEntry e : fresh) {
			long took = Math.max(0, recorded - e.occurredAt().toEpochMilli());
			lag.record(took, TimeUnit.MILLISECONDS);
			most = Math.max(most, took);
		}
		if (!fresh.isEmpty()) {
			lastAppendLag = most;
			lastAppendAt = System.nanoTime();
		}
		return rows.size();
	}

	/**
	 * Whether this instance's ingestion is falling behind: an append of the last
	 * {@link #RECENT} seconds wrote an entry more than {@code above} after it occurred.
	 * Work that can wait (fraud signal detection) yields to ingestion while it is.
	 */
	public boolean behind(Duration above) {
		long at = lastAppendAt;
		return at != 0 && System.nanoTime() - at < RECENT.toNanos() && lastAppendLag > above.toMillis();
	}

	/** The most lag (ms) among the new entries of the last append that had any. */
	public long lastLag() {
		return lastAppendLag;
	}

	private static Instant earliest(List<LedgerEntry> entries) {
		Instant earliest = Instant.MAX;
		for (LedgerEntry e : entries) {
			if (e.occurredAt().isBefore(earliest)) {
				earliest = e.occurredAt();
			}
		}
		return earliest;
	}

	/**
	 * One row by INSERT (an ACCESS entry, or ingestion's entry-by-entry retry after the
	 * database refused a round, whose error must name the one refused value and nothing
	 * of the others); more by one COPY, which costs the database a fraction of a
	 * multi-row INSERT per row (no parameters to bind, no statement to plan). Either is
	 * part of the caller's transaction.
	 */
	private void insert(List<String> names, List<Object[]> rows, List<String[]> texts) {
		if (rows.size() == 1) {
			jdbc.update("INSERT INTO ledger (" + String.join(", ", names) + ") VALUES ("
					+ String.join(", ", Collections.nCopies(names.size(), "?")) + ")", rows.get(0));
			return;
		}
		String sql = "COPY ledger (" + String.join(", ", names) + ") FROM STDIN";
		jdbc.execute((ConnectionCallback<Long>) connection -> {
			CopyIn copy = connection.unwrap(PGConnection.class).getCopyAPI().copyIn(sql);
			try {
				CopyStream out = new CopyStream(copy);
				StringBuilder line = new StringBuilder(1024);
				for (String[] row : texts) {
					line.setLength(0);
					for (int i = 0; i < row.length; i++) {
						if (i > 0) {
							line.append('\t');
						}
						copyValue(row[i], line);
					}
					line.append('\n');
					out.write(line);
				}
				out.flush();
				return copy.endCopy();
			}
			finally {
				if (copy.isActive()) {
					copy.cancelCopy();
				}
			}
		});
	}

	/**
	 * COPY's rows sent in chunks of at most {@link #CHUNK} bytes, each a CopyData message
	 * of its own: a round of thousands of rows never becomes one text of megabytes (then
	 * a second copy of it by {@code toString()}), which G1 allocated as humongous objects
	 * and collected in pauses of their own (JFR of bench/audit-ingest.sh, issue 10).
	 */
	private static final class CopyStream {

		static final int CHUNK = 64 * 1024;

		private final CopyIn copy;

		private final byte[] chunk = new byte[CHUNK];

		private int used;

		CopyStream(CopyIn copy) {
			this.copy = copy;
		}

		void write(CharSequence line) throws SQLException {
			byte[] bytes = line.toString().getBytes(StandardCharsets.UTF_8);
			if (used + bytes.length > CHUNK) {
				flush();
			}
			if (bytes.length > CHUNK) {
				// a row larger than a chunk (never seen: a row is about a kilobyte) goes
				// alone
				copy.writeToCopy(bytes, 0, bytes.length);
				return;
			}
			System.arraycopy(bytes, 0, chunk, used, bytes.length);
			used += bytes.length;
		}

		void flush() throws SQLException {
			if (used > 0) {
				copy.writeToCopy(chunk, 0, used);
				used = 0;
			}
		}

	}

	/**
	 * A value (as {@link CanonicalForm#text}) in COPY's text format: \N for null, text
	 * escaped.
	 */
	private static void copyValue(String text, StringBuilder out) {
		if (text == null) {
			out.append("\\N");
			return;
		}
		if (plain(text)) {
			// nearly every value: appended whole rather than char by char
			out.append(text);
			return;
		}
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			switch (c) {
				case '\\' -> out.append("\\\\");
				case '\n' -> out.append("\\n");
				case '\r' -> out.append("\\r");
				case '\t' -> out.append("\\t");
				default -> out.append(c);
			}
		}
	}

	/**
	 * Whether COPY's text format takes the text as it is (no backslash, newline, return
	 * or tab).
	 */
	private static boolean plain(String text) {
		// String.indexOf is vectorised: four scans cost less than one loop over the chars
		return text.indexOf('\\') < 0 && text.indexOf('\n') < 0 && text.indexOf('\r') < 0 && text.indexOf('\t') < 0;
	}

	public static String sha256(String text) {
		try {
			return java.util.HexFormat.of()
				.formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
