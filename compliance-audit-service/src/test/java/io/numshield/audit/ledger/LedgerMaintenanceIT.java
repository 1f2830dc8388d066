package io.numshield.audit.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.numshield.audit.AuditIntegrationTest;
import io.numshield.testsupport.TestInfrastructure;

import java.sql.Connection;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Monthly partitions ahead of need; retention drops whole old months and never under six.
 */
class LedgerMaintenanceIT extends AuditIntegrationTest {

	@Autowired
	LedgerMaintenance maintenance;

	@Test
	void keepsMonthlyPartitionsAheadOfTheClock() {
		maintenance.ensurePartitions();
		assertThat(maintenance.ensurePartitions()).isZero();
		YearMonth now = YearMonth.now(ZoneOffset.UTC);
		for (int i = 0; i <= 3; i++) {
			YearMonth m = now.plusMonths(i);
			String suffix = String.format("_y%04dm%02d", m.getYear(), m.getMonthValue());
			assertThat(partitions()).contains("ledger" + suffix, "holding" + suffix);
		}
	}

	/**
	 * Every audit instance runs the maintenance: two creating the same missing month at
	 * once both succeed, and it is made once.
	 */
	@Test
	void instancesCreatingTheSameMissingMonthAtOnceBothSucceed() throws Exception {
		maintenance.ensurePartitions();
		YearMonth last = YearMonth.now(ZoneOffset.UTC).plusMonths(3);
		String suffix = String.format("_y%04dm%02d", last.getYear(), last.getMonthValue());
		try (Connection owner = TestInfrastructure.get().connect(); Statement sql = owner.createStatement()) {
			sql.execute("DROP TABLE ledger" + suffix);
			sql.execute("DROP TABLE holding" + suffix);
		}
		int instances = 4;
		CountDownLatch start = new CountDownLatch(1);
		ExecutorService pool = Executors.newFixedThreadPool(instances);
		int created = 0;
		try {
			List<Future<Integer>> rounds = new ArrayList<>();
			for (int i = 0; i < instances; i++) {
				rounds.add(pool.submit(() -> {
					start.await();
					return maintenance.ensurePartitions();
				}));
			}
			start.countDown();
			for (Future<Integer> round : rounds) {
				created += round.get();
			}
		}
		finally {
			pool.shutdownNow();
		}
		assertThat(created).isEqualTo(2);
		assertThat(partitions()).contains("ledger" + suffix, "holding" + suffix);
	}

	@Test
	void dropsWholeMonthsOlderThanTheRetentionAndKeepsTheRest() throws Exception {
		try (Connection owner = TestInfrastructure.get().connect(); Statement sql = owner.createStatement()) {
			sql.execute(
					"CREATE TABLE ledger_y2020m01 PARTITION OF ledger FOR VALUES FROM ('2020-01-01Z') TO ('2020-02-01Z')");
			sql.execute(
					"CREATE TABLE holding_y2020m01 PARTITION OF holding FOR VALUES FROM ('2020-01-01Z') TO ('2020-02-01Z')");
		}
		List<String> before = partitions();
		assertThat(maintenance.applyRetention()).containsExactlyInAnyOrder("ledger_y2020m01", "holding_y2020m01");
		List<String> after = partitions();
		assertThat(after).doesNotContain("ledger_y2020m01", "holding_y2020m01");
		assertThat(after).hasSize(before.size() - 2);
	}

	@Test
	void theDatabaseRefusesARetentionUnderSixMonthsWhoeverAsks() {
		Timestamp fiveMonthsAgo = Timestamp.from(Instant.now().minus(150, ChronoUnit.DAYS));
		assertThatThrownBy(
				() -> jdbc.queryForList("SELECT ledger_drop_partitions_before(?)", String.class, fiveMonthsAgo))
			.rootCause()
			.hasMessageContaining("retention shorter than 6 months is refused");
	}

	private List<String> partitions() {
		return jdbc.queryForList(
				"SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid "
						+ "JOIN pg_class p ON p.oid = i.inhparent WHERE p.relname IN ('ledger', 'holding')",
				String.class);
	}

}
