package io.numshield.audit.ledger;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.stereotype.Component;

/**
 * Walks the chain in seq order and recomputes every hash, each row by its own
 * {@link CanonicalForm} version. A range [from, to) of recorded times picks a run of
 * seqs; its first entry must follow the entry before it (or the genesis hash at seq 1;
 * after retention dropped older months, the first kept entry's prevHash is the anchor).
 * Finds the first entry whose prevHash, hash or seq does not fit: a changed row, a
 * removed row or a reordered one.
 * <p>
 * Then checks {@code holding}, what traces answer from: the holdings of every binding
 * with a lease event in the range (and of every holding row that begins within it) are
 * rebuilt from all of their bindings' ledger entries, with the ingestion's own code, into
 * a temporary table, and compared row by row, every column, with {@code holding}. A row
 * changed, added or removed behind the service's back names its binding. Runs on the
 * regulators' {@link QueryPool}, in one snapshot.
 */
@Component
public class ChainVerifier {

	private static final int MAX_DIFFERING = 100;

	/** Bindings rebuilt and compared at a time. */
	private static final int CHUNK = 2_000;

	private final QueryPool pool;

	private final Holdings holdings;

	private final QueryProperties limits;

	ChainVerifier(QueryPool pool, Holdings holdings, QueryProperties limits) {
		this.pool = pool;
		this.holdings = holdings;
		this.limits = limits;
	}

	/**
	 * The answer of {@code verify}: the chain (verified with the count and the last hash,
	 * or the first bad seq and why), and the holdings checked against it (bindings
	 * compared, and those whose rows differ).
	 */
	public record Verification(boolean verified, long entries, String head, Long firstBadSeq, String problem,
			int holdingsChecked, List<String> holdingsDiffering) {
	}

	/** The range holds more entries than {@code numshield.audit.query.max-rows}. */
	public static final class TooManyEntries extends RuntimeException {

		TooManyEntries(long entries, long max) {
			super("the range holds " + entries + " entries; at most " + max
					+ " are verified at once (numshield.audit.query.max-rows): ask for a shorter range");
		}

	}

	public Verification verify(Instant from, Instant to) {
		return pool.inTransaction(false, status -> verify(pool.jdbc(), from, to));
	}

	private Verification verify(JdbcTemplate jdbc, Instant from, Instant to) {
		Timestamp start = Timestamp.from(from);
		Timestamp end = Timestamp.from(to);
		Long first = jdbc.queryForObject("SELECT min(seq) FROM ledger WHERE recorded_at >= ? AND recorded_at < ?",
				Long.class, start, end);
		Long last = jdbc.queryForObject("SELECT max(seq) FROM ledger WHERE recorded_at >= ? AND recorded_at < ?",
				Long.class, start, end);
		if (first == null || last == null) {
			return new Verification(true, 0, null, null, null, 0, List.of());
		}
		if (last - first + 1 > limits.maxRows()) {
			throw new TooManyEntries(last - first + 1, limits.maxRows());
		}
		List<String> before = jdbc.queryForList("SELECT hash FROM ledger WHERE seq = ?", String.class, first - 1);
		Walk walk = new Walk(first, before.isEmpty() ? (first == 1 ? Ledger.GENESIS : null) : before.get(0));
		jdbc.query("SELECT * FROM ledger WHERE seq BETWEEN ? AND ? ORDER BY seq", walk, first, last);
		if (walk.bad == null && walk.expected <= last) {
			walk.fail(walk.expected, "missing entry");
		}
		List<String> bindings = new ArrayList<>(walk.bindings);
		List<String> numbers = new ArrayList<>(walk.numbers);
		if (walk.firstOccurred != null) {
			jdbc.query(
					"SELECT DISTINCT binding_id, virtual_number FROM holding WHERE valid_from >= ? AND valid_from <= ?",
					(ResultSet rs) -> {
						if (walk.bindings.add(rs.getString("binding_id"))) {
							bindings.add(rs.getString("binding_id"));
						}
						if (walk.numbers.add(rs.getString("virtual_number"))) {
							numbers.add(rs.getString("virtual_number"));
						}
					}, Timestamp.from(walk.firstOccurred), Timestamp.from(walk.lastOccurred));
		}
		List<String> differing = bindings.isEmpty() ? List.of() : differingHoldings(jdbc, bindings, numbers);
		if (walk.bad != null) {
			return new Verification(false, walk.count, null, walk.bad, walk.problem, bindings.size(), differing);
		}
		if (!differing.isEmpty()) {
			return new Verification(false, walk.count, walk.prev, null, "holding rows differ from what the ledger says",
					bindings.size(), differing);
		}
		return new Verification(true, walk.count, walk.prev, null, null, bindings.size(), List.of());
	}

	/**
	 * Rebuilds these bindings' holdings from the ledger into a temporary table and
	 * compares, a chunk of bindings at a time (memory stays bounded whatever the range).
	 */
	private List<String> differingHoldings(JdbcTemplate jdbc, List<String> bindings, List<String> numbers) {
		jdbc.execute("CREATE TEMPORARY TABLE holding_rebuilt (LIKE holding INCLUDING DEFAULTS INCLUDING GENERATED, "
				+ "PRIMARY KEY (binding_id, valid_from)) ON COMMIT DROP");
		Holdings rebuilt = holdings.into(jdbc, "holding_rebuilt");
		Object allNumbers = numbers.toArray(String[]::new);
		List<String> differing = new ArrayList<>();
		for (int from = 0; from < bindings.size() && differing.size() < MAX_DIFFERING; from += CHUNK) {
			Object ids = bindings.subList(from, Math.min(bindings.size(), from + CHUNK)).toArray(String[]::new);
			List<LedgerEntry> entries = new ArrayList<>();
			Set<String> seen = new HashSet<>();
			Set<String> late = new HashSet<>();
			// every lease event of these bindings (found through the index on
			// virtual_number), in seq order
			jdbc.query("SELECT * FROM ledger WHERE virtual_number = ANY (?) AND binding_id = ANY (?) "
					+ "AND type LIKE 'BINDING\\_%' ORDER BY seq", (ResultSet rs) -> {
						LedgerEntry e = LedgerEntry.read(rs);
						// a creation after another event of its binding was claimed late
						// when it was ingested
						if (!seen.add(e.bindingId()) && e.type().equals("BINDING_CREATED")) {
							late.add(e.eventId());
						}
						entries.add(e);
					}, allNumbers, ids);
			rebuilt.apply(entries, late);
			differing.addAll(jdbc.queryForList("SELECT DISTINCT binding_id FROM ((SELECT * FROM holding "
					+ "WHERE binding_id = ANY (?) EXCEPT ALL SELECT * FROM holding_rebuilt) UNION ALL (SELECT * FROM "
					+ "holding_rebuilt EXCEPT ALL SELECT * FROM holding WHERE binding_id = ANY (?))) d ORDER BY binding_id "
					+ "LIMIT " + (MAX_DIFFERING - differing.size()), String.class, ids, ids));
			jdbc.execute("TRUNCATE holding_rebuilt");
		}
		jdbc.execute("DROP TABLE holding_rebuilt");
		return differing;
	}

	private static final class Walk implements RowCallbackHandler {

		long expected;

		String prev;

		long count;

		Long bad;

		String problem;

		final Set<String> bindings = new java.util.LinkedHashSet<>();

		final Set<String> numbers = new java.util.LinkedHashSet<>();

		Instant firstOccurred;

		Instant lastOccurred;

		Walk(long first, String anchor) {
			this.expected = first;
			this.prev = anchor;
		}

		@Override
		public void processRow(ResultSet rs) throws SQLException {
			String bindingId = rs.getString("binding_id");
			if (bindingId != null && rs.getString("type").startsWith("BINDING_")) {
				bindings.add(bindingId);
				numbers.add(rs.getString("virtual_number"));
				Instant occurred = rs.getTimestamp("occurred_at").toInstant();
				firstOccurred = firstOccurred == null || occurred.isBefore(firstOccurred) ? occurred : firstOccurred;
				lastOccurred = lastOccurred == null || occurred.isAfter(lastOccurred) ? occurred : lastOccurred;
			}
			if (bad != null) {
				return;
			}
			long seq = rs.getLong("seq");
			if (seq != expected) {
				fail(expected, "missing entry");
				return;
			}
			String prevHash = rs.getString("prev_hash");
			if (prev != null && !prev.equals(prevHash)) {
				fail(seq, "prevHash does not match the previous entry's hash");
				return;
			}
			String canonical = switch (rs.getInt("hash_version")) {
				case 1 -> LedgerEntry.read(rs).canonical(seq);
				case 2 -> CanonicalForm.v2(CanonicalForm.columns(rs));
				default -> null;
			};
			if (canonical == null) {
				fail(seq, "unknown hash_version " + rs.getInt("hash_version"));
				return;
			}
			String hash = Ledger.sha256(prevHash + "\n" + canonical);
			if (!hash.equals(rs.getString("hash"))) {
				fail(seq, "hash does not match the entry's contents");
				return;
			}
			prev = hash;
			expected = seq + 1;
			count++;
		}

		void fail(long seq, String why) {
			bad = seq;
			problem = why;
		}

	}

}
