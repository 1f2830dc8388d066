package io.numshield.audit.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.numshield.audit.AuditIntegrationTest;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The ledger's partitions are analyzed as they grow, by the service itself: where
 * autovacuum is off (as on the machine the benchmarks ran on) a partition was never
 * analyzed, and the ingestion's prepared duplicate check kept a plan made while the
 * partition was small (ADR 0019).
 */
class LedgerStatisticsIT extends AuditIntegrationTest {

	@Autowired
	Ledger ledger;

	@Autowired
	LedgerStatistics statistics;

	@Test
	void aPartitionThatDoubledIsAnalyzedAndOneThatDidNotIsLeftAlone() {
		String run = "stats-" + UUID.randomUUID();
		append(run, 1);
		String partition = jdbc.queryForObject("SELECT tableoid::regclass::text FROM ledger WHERE event_id = ?",
				String.class, run + ":0");
		double size = jdbc.queryForObject("SELECT greatest(reltuples, 0) FROM pg_class WHERE relname = ?", Double.class,
				partition);
		append(run + "-more", (int) size + 100);
		Timestamp grown = jdbc.queryForObject("SELECT now()", Timestamp.class);

		// the writers' statistics reach the counters within a second or so; the service's
		// own round may get there first, which is as good
		await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
			statistics.analyzeStale();
			Timestamp analyzed = jdbc.queryForObject("SELECT last_analyze FROM pg_stat_user_tables WHERE relname = ?",
					Timestamp.class, partition);
			assertThat(analyzed).as("%s's last analyze", partition).isNotNull().isAfter(grown);
		});
		assertThat(statistics.analyzeStale()).as("nothing grew since").doesNotContain(partition);
		// an estimate from a sample of 3,000 rows: near twice the size, not exactly
		assertThat(jdbc.queryForObject("SELECT reltuples FROM pg_class WHERE relname = ?", Double.class, partition))
			.as("the planner's row count of %s", partition)
			.isGreaterThan(size * 1.5);
	}

	private void append(String run, int count) {
		Instant at = Instant.now().truncatedTo(ChronoUnit.MILLIS);
		List<LedgerEntry> entries = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			entries.add(new LedgerEntry(run + ":" + i, "CALL_ROUTED", at.plusMillis(i), "stats-plat", null, null,
					"700100000000089", null, null, null, null, null, "{}"));
			if (entries.size() == 500 || i == count - 1) {
				assertThat(ledger.append(entries)).isEqualTo(entries.size());
				entries.clear();
			}
		}
	}

}
