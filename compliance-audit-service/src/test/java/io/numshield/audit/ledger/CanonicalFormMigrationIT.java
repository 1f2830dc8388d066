package io.numshield.audit.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import io.numshield.audit.AuditIntegrationTest;
import io.numshield.testsupport.TestInfrastructure;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.jdbc.autoconfigure.DataSourceProperties;

/**
 * A ledger written before migration V4 (the old canonical form) still verifies after it:
 * the migration marks its rows hash_version 1 and changes nothing else, and verify
 * recomputes them with the old form, still catching a changed row. Runs the real
 * migrations in a schema of its own.
 */
class CanonicalFormMigrationIT extends AuditIntegrationTest {

	private static final String SCHEMA = "pre_v4";

	@Autowired
	Holdings holdings;

	@Test
	void rowsWrittenBeforeV4KeepVerifyingWithTheOldForm() throws Exception {
		TestInfrastructure infra = TestInfrastructure.get();
		var flyway = Flyway.configure()
			.dataSource(infra.jdbcUrl(), infra.user(), infra.password())
			.schemas(SCHEMA)
			.locations("classpath:db/migration");
		flyway.target("3").load().migrate();
		Instant start = Instant.now().minusSeconds(5);
		String prev = Ledger.GENESIS;
		try (Connection owner = infra.connect()) {
			try (Statement sql = owner.createStatement()) {
				sql.execute("SET search_path = " + SCHEMA);
			}
			for (long seq = 1; seq <= 3; seq++) {
				LedgerEntry e = new LedgerEntry("old:" + seq, "ACCESS", Instant.now().truncatedTo(ChronoUnit.MILLIS),
						null, null, null, "70010000000000" + seq, null, null, "idx" + seq, null, null,
						"{\"query\":\"trace\"}");
				String hash = Ledger.sha256(prev + "\n" + e.canonical(seq));
				try (PreparedStatement insert = owner
					.prepareStatement("INSERT INTO ledger (seq, event_id, type, occurred_at, "
							+ "recorded_at, virtual_number, party_a_index, details, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
					insert.setLong(1, seq);
					insert.setString(2, e.eventId());
					insert.setString(3, e.type());
					insert.setTimestamp(4, Timestamp.from(e.occurredAt()));
					// the old service kept microseconds here: the old form did not cover
					// it
					insert.setTimestamp(5, Timestamp.from(Instant.now()));
					insert.setString(6, e.virtualNumber());
					insert.setString(7, e.partyAIndex());
					insert.setString(8, e.details());
					insert.setString(9, prev);
					insert.setString(10, hash);
					insert.executeUpdate();
				}
				prev = hash;
			}
		}
		flyway.target("latest").load().migrate();

		DataSourceProperties database = new DataSourceProperties();
		database.setUrl(infra.jdbcUrl() + "?currentSchema=" + SCHEMA);
		database.setUsername(infra.user());
		database.setPassword(infra.password());
		QueryPool pool = new QueryPool(database,
				new QueryProperties(1, 1, Duration.ofDays(31), 1_000, Duration.ofSeconds(5)));
		try {
			ChainVerifier verifier = new ChainVerifier(pool, holdings,
					new QueryProperties(1, 1, Duration.ofDays(31), 1_000, Duration.ofSeconds(5)));
			Instant end = Instant.now().plusSeconds(60);
			ChainVerifier.Verification v = verifier.verify(start, end);
			assertThat(v.verified()).as(v.toString()).isTrue();
			assertThat(v.entries()).isEqualTo(3);
			assertThat(v.head()).isEqualTo(prev);
			assertThat(pool.jdbc().queryForList("SELECT DISTINCT hash_version FROM ledger", Integer.class))
				.containsExactly(1);

			try (Connection owner = infra.connect(); Statement sql = owner.createStatement()) {
				sql.execute("SET session_replication_role = replica");
				sql.execute("UPDATE " + SCHEMA + ".ledger SET virtual_number = '700100000000009' WHERE seq = 2");
			}
			ChainVerifier.Verification changed = verifier.verify(start, end);
			assertThat(changed.verified()).isFalse();
			assertThat(changed.firstBadSeq()).isEqualTo(2);
		}
		finally {
			pool.destroy();
			try (Connection owner = infra.connect(); Statement sql = owner.createStatement()) {
				sql.execute("DROP SCHEMA " + SCHEMA + " CASCADE");
			}
		}
	}

}
