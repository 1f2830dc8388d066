package io.numshield.audit.ledger;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

/**
 * Appends entries in one transaction (with the {@link Holdings} projection they imply): serialised by an advisory lock (the chain has one head),
 * idempotent by eventId (an entry read twice is written once), each row's hash =
 * SHA-256(previous hash + "\n" + canonical form), the first previous hash being 64 zeros.
 */
@Repository
public class Ledger {

	public static final String GENESIS = "0".repeat(64);

	private static final long CHAIN_LOCK = 700_700_700L;

	private final JdbcTemplate jdbc;

	private final Clock clock;

	private final Holdings holdings;

	Ledger(JdbcTemplate jdbc, Clock clock, Holdings holdings) {
		this.jdbc = jdbc;
		this.clock = clock;
		this.holdings = holdings;
	}

	/** Answers how many entries were new. */
	@Transactional
	public int append(List<LedgerEntry> entries) {
		return append(entries, Set.of());
	}

	/**
	 * As {@link #append(List)}; {@code late} names the eventIds that were claimed from a consumer
	 * that stopped, which may arrive after later events of the same binding.
	 */
	@Transactional
	public int append(List<LedgerEntry> entries, Set<String> late) {
		if (entries.isEmpty()) {
			return 0;
		}
		jdbc.queryForObject("SELECT pg_advisory_xact_lock(?)", Object.class, CHAIN_LOCK);
		Set<String> known = new HashSet<>(jdbc.queryForList("SELECT event_id FROM ledger WHERE event_id = ANY (?)",
				String.class, (Object) entries.stream().map(LedgerEntry::eventId).toArray(String[]::new)));
		List<Object[]> rows = new ArrayList<>();
		List<LedgerEntry> fresh = new ArrayList<>();
		long seq = 0;
		String prev = GENESIS;
		List<java.util.Map<String, Object>> head = jdbc.queryForList("SELECT seq, hash FROM ledger ORDER BY seq DESC LIMIT 1");
		if (!head.isEmpty()) {
			seq = ((Number) head.get(0).get("seq")).longValue();
			prev = (String) head.get(0).get("hash");
		}
		Timestamp now = Timestamp.from(clock.instant());
		for (LedgerEntry e : entries) {
			if (!known.add(e.eventId())) {
				continue;
			}
			seq++;
			fresh.add(e);
			String hash = sha256(prev + "\n" + e.canonical(seq));
			rows.add(new Object[] { seq, e.eventId(), e.type(), Timestamp.from(e.occurredAt()), now, e.platformId(),
					e.bindingId(), e.orderId(), e.virtualNumber(), e.partyA(), e.partyB(), e.partyAIndex(),
					e.partyBIndex(), e.parties(), e.details(), prev, hash });
			prev = hash;
		}
		jdbc.batchUpdate("INSERT INTO ledger (seq, event_id, type, occurred_at, recorded_at, platform_id, binding_id, "
				+ "order_id, virtual_number, party_a, party_b, party_a_index, party_b_index, parties, details, prev_hash, hash) "
				+ "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", rows);
		holdings.apply(fresh, late);
		return rows.size();
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
