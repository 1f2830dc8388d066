package io.numshield.audit.ledger;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Walks the chain in seq order and recomputes every hash. A range [from, to) of recorded times
 * picks a run of seqs; its first entry must follow the entry before it (or the genesis hash at
 * seq 1; after retention dropped older months, the first kept entry's prevHash is the anchor).
 * Finds the first entry whose prevHash, hash or seq does not fit: a changed row, a removed row or
 * a reordered one.
 */
@Component
public class ChainVerifier {

	private static final int FETCH = 5_000;

	private final JdbcTemplate jdbc;

	ChainVerifier(JdbcTemplate jdbc) {
		this.jdbc = jdbc;
	}

	/** The answer of {@code verify}: either verified with the count and the last hash, or the first bad seq. */
	public record Verification(boolean verified, long entries, String head, Long firstBadSeq, String problem) {
	}

	@Transactional(readOnly = true)
	public Verification verify(Instant from, Instant to) {
		Long first = jdbc.queryForObject("SELECT min(seq) FROM ledger WHERE recorded_at >= ?", Long.class,
				Timestamp.from(from == null ? Instant.EPOCH : from));
		Long last = to == null ? jdbc.queryForObject("SELECT max(seq) FROM ledger", Long.class)
				: jdbc.queryForObject("SELECT max(seq) FROM ledger WHERE recorded_at < ?", Long.class, Timestamp.from(to));
		if (first == null || last == null || last < first) {
			return new Verification(true, 0, null, null, null);
		}
		List<String> before = jdbc.queryForList("SELECT hash FROM ledger WHERE seq = ?", String.class, first - 1);
		Walk walk = new Walk(first, before.isEmpty() ? (first == 1 ? Ledger.GENESIS : null) : before.get(0));
		JdbcTemplate streaming = new JdbcTemplate(jdbc.getDataSource());
		streaming.setFetchSize(FETCH);
		streaming.query("SELECT * FROM ledger WHERE seq BETWEEN ? AND ? ORDER BY seq", walk, first, last);
		if (walk.bad == null && walk.expected <= last) {
			walk.fail(walk.expected, "missing entry");
		}
		return walk.bad == null ? new Verification(true, walk.count, walk.prev, null, null)
				: new Verification(false, walk.count, null, walk.bad, walk.problem);
	}

	private static final class Walk implements RowCallbackHandler {

		long expected;

		String prev;

		long count;

		Long bad;

		String problem;

		Walk(long first, String anchor) {
			this.expected = first;
			this.prev = anchor;
		}

		@Override
		public void processRow(java.sql.ResultSet rs) throws java.sql.SQLException {
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
			String hash = Ledger.sha256(prevHash + "\n" + LedgerEntry.read(rs).canonical(seq));
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
