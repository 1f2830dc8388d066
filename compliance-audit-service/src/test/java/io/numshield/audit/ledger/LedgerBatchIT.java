package io.numshield.audit.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.CountAtBucket;
import io.numshield.audit.AuditIntegrationTest;

import java.sql.ResultSet;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.ConnectionCallback;

import tools.jackson.databind.ObjectMapper;

/**
 * A round reaches the ledger in one COPY (issue 10, point 7), whose text format escapes
 * what the hash does not: what a regulator reads back must be what was hashed, byte for
 * byte.
 */
class LedgerBatchIT extends AuditIntegrationTest {

	@Autowired
	Ledger ledger;

	@Autowired
	ObjectMapper json;

	@Autowired
	ChainVerifier verifier;

	@Autowired
	MeterRegistry meters;

	private final Instant created = Instant.now().truncatedTo(ChronoUnit.MILLIS).minusSeconds(600);

	@Test
	void oneRoundKeepsEveryValueAsHashedAndTheChainVerifies() {
		String run = "batch-" + UUID.randomUUID();
		// what COPY's text format must escape, and what it must not touch
		List<String> awkward = List.of("tab\there", "line\nbreak", "carriage\rreturn", "back\\slash \\N \\t",
				"quote \" and 'single'", "上海 ünïcödé", "");
		List<LedgerEntry> entries = new ArrayList<>();
		for (int i = 0; i < 40; i++) {
			// COPY's rows go in chunks of 64 KB: one row of 40 KB fills a chunk that a
			// later row overflows, and one of 90 KB (3-byte characters) goes alone
			String reason = i == 20 ? "x\t".repeat(20_000)
					: i == 39 ? "長".repeat(30_000) + "\n" : awkward.get(i % awkward.size());
			Map<String, String> details = new TreeMap<>(Map.of("callId", run + "-" + i, "reason", reason));
			entries.add(new LedgerEntry(run + ":" + i, "CALL_ROUTED", created.plusMillis(i), "batch-plat", null, null,
					"700100000000088", null, null, i % 2 == 0 ? "idx\t" + i : null, null, null,
					json.writeValueAsString(details)));
		}

		Timer lag = meters.get("audit.ledger.lag").timer();
		long lagsBefore = lag.count();
		long lateBefore = overOneSecond(lag);

		assertThat(ledger.append(entries)).isEqualTo(40);
		assertThat(ledger.append(entries)).as("a round read again").isZero();

		// every new entry's lag is timed, and these occurred ten minutes ago: over the 1
		// s
		// bucket that the lag alert reads (at least: the context's ingestion may time
		// entries of its own meanwhile)
		assertThat(lag.count() - lagsBefore).isGreaterThanOrEqualTo(40);
		assertThat(overOneSecond(lag) - lateBefore).isGreaterThanOrEqualTo(40);
		assertThat(lag.max(TimeUnit.SECONDS)).isGreaterThanOrEqualTo(600);

		List<Map<String, Object>> rows = jdbc.queryForList(
				"SELECT event_id, occurred_at, party_a_index, details FROM ledger WHERE event_id LIKE ? ORDER BY seq",
				run + ":%");
		assertThat(rows).hasSize(40);
		for (int i = 0; i < 40; i++) {
			LedgerEntry given = entries.get(i);
			Map<String, Object> row = rows.get(i);
			assertThat(row.get("event_id")).isEqualTo(given.eventId());
			assertThat(((Timestamp) row.get("occurred_at")).toInstant()).isEqualTo(given.occurredAt());
			assertThat(row.get("party_a_index")).isEqualTo(given.partyAIndex());
			assertThat(row.get("details")).isEqualTo(given.details());
		}
		ChainVerifier.Verification v = verifier.verify(Instant.now().minusSeconds(86_400),
				Instant.now().plusSeconds(60));
		assertThat(v.verified()).as(v.toString()).isTrue();
	}

	/**
	 * The duplicate check is prepared once and PostgreSQL may keep one generic plan for
	 * it, made while the month's partition was small. With {@code event_id = ANY (?)}
	 * that plan scanned the partition and compared each row with every id of the round: a
	 * round took 17 s at 130,000 rows (docs/benchmarks.md). Even a plan that scans the
	 * partition must look each row up in the round's ids, not compare it with all of
	 * them.
	 */
	@Test
	void theDuplicateCheckNeverComparesEveryRowWithTheWholeRound() {
		// the plan of a small partition: no index
		String plan = genericPlan("now(), now()", "SET enable_indexscan = off", "SET enable_bitmapscan = off",
				"SET enable_indexonlyscan = off");
		assertThat(plan).contains("ledger").doesNotContain("ANY");
	}

	/**
	 * Each id of a round is looked up in every partition the check does not leave out, so
	 * it leaves out the months created ahead: nothing recorded is there yet.
	 */
	@Test
	void theDuplicateCheckLooksNeitherInEarlierMonthsNorInTheMonthsCreatedAhead() {
		YearMonth now = YearMonth.now(ZoneOffset.UTC);
		String ahead = "ledger_y%dm%02d".formatted(now.plusMonths(2).getYear(), now.plusMonths(2).getMonthValue());
		String before = "ledger_y%dm%02d".formatted(now.minusMonths(1).getYear(), now.minusMonths(1).getMonthValue());
		assertThat(jdbc.queryForObject("SELECT to_regclass(?) IS NOT NULL AND to_regclass(?) IS NOT NULL",
				Boolean.class, ahead, before))
			.as("%s and %s exist", ahead, before)
			.isTrue();
		// a round's bounds in the middle of this month (a round run within a day of a
		// month's
		// turn looks into the month next to it, as it should: that is not what this
		// checks)
		String plan = genericPlan("date_trunc('month', now()) + interval '13 days', "
				+ "date_trunc('month', now()) + interval '15 days'");
		assertThat(plan).contains("ledger_y%dm%02d".formatted(now.getYear(), now.getMonthValue()))
			.doesNotContain(ahead)
			.doesNotContain(before);
	}

	/**
	 * PostgreSQL's generic plan of {@link Ledger#KNOWN_EVENTS} for the ids {a, b} and
	 * these bounds, under these settings, as the JDBC driver's prepared statement may
	 * keep it.
	 */
	private String genericPlan(String bounds, String... settings) {
		return jdbc.execute((ConnectionCallback<String>) c -> {
			try (Statement st = c.createStatement()) {
				st.execute("SET plan_cache_mode = force_generic_plan");
				for (String setting : settings) {
					st.execute(setting);
				}
				st.execute("PREPARE known_events(text[], timestamptz, timestamptz) AS "
						+ Ledger.KNOWN_EVENTS.replaceFirst("\\?", "\\$1")
							.replaceFirst("\\?", "\\$2")
							.replaceFirst("\\?", "\\$3"));
				StringBuilder text = new StringBuilder();
				try (ResultSet rs = st.executeQuery("EXPLAIN EXECUTE known_events('{a,b}', " + bounds + ")")) {
					while (rs.next()) {
						text.append(rs.getString(1)).append('\n');
					}
				}
				st.execute("DEALLOCATE known_events");
				st.execute("RESET ALL");
				return text.toString();
			}
		});
	}

	/** Entries timed above the 1 s bucket that application.yml publishes. */
	private static long overOneSecond(Timer lag) {
		for (CountAtBucket bucket : lag.takeSnapshot().histogramCounts()) {
			if (bucket.bucket(TimeUnit.SECONDS) == 1.0) {
				return lag.count() - (long) bucket.count();
			}
		}
		throw new AssertionError("no 1 s bucket on audit.ledger.lag: management.metrics.distribution.slo");
	}

}
