package io.numshield.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.numshield.audit.ledger.CanonicalForm;
import io.numshield.audit.ledger.Checkpoints;
import io.numshield.audit.ledger.Ledger;
import io.numshield.audit.ledger.LedgerEntry;
import io.numshield.core.number.ManagementNumber;
import io.numshield.core.number.RealNumber;
import io.numshield.core.redis.ReleaseCall;
import io.numshield.testsupport.PhoneFixtures;
import io.numshield.testsupport.TestInfrastructure;

import java.net.URI;
import java.sql.Connection;
import java.sql.Statement;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.redisson.client.codec.StringCodec;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Lease events written by the real lease scripts reach the ledger exactly once, masked,
 * chained, and acknowledged only after; the ledger refuses UPDATE, DELETE and TRUNCATE.
 */
class AuditIngestIT extends AuditIntegrationTest {

	private static final AtomicInteger NEXT = new AtomicInteger(40_000);

	@LocalServerPort
	int port;

	@Autowired
	Ledger ledger;

	@Autowired
	Checkpoints checkpoints;

	@Test
	void writesEveryLeaseEventOnceMaskedChainedAndAcknowledged() {
		String a = PhoneFixtures.mobile();
		String b = PhoneFixtures.mobile();
		ManagementNumber block = leases().newBlock();
		String id = lease(block, a, b);
		scripts.call(new ReleaseCall(id, "", "DELETED", 86_400_000, 1000), keys.shardBase(block.shard()));

		await().atMost(Duration.ofSeconds(15))
			.until(() -> jdbc.queryForObject("SELECT count(*) FROM ledger WHERE binding_id = ?", Long.class, id) == 2);

		List<Map<String, Object>> rows = jdbc.queryForList(
				"SELECT type, event_id, party_a, party_b, platform_id FROM ledger WHERE binding_id = ? ORDER BY seq",
				id);
		assertThat(rows).extracting(r -> r.get("type")).containsExactly("BINDING_CREATED", "BINDING_RELEASED");
		assertThat(rows).extracting(r -> r.get("event_id")).containsExactly("created:" + id, "released:" + id);
		assertThat(rows.get(0).get("party_a")).isEqualTo(RealNumber.parse(a).masked());
		assertThat(rows.get(0).get("party_b")).isEqualTo(RealNumber.parse(b).masked());
		String dump = jdbc.queryForList("SELECT l::text FROM ledger l", String.class).toString();
		for (String form : PhoneFixtures.forms(a)) {
			assertThat(dump).doesNotContain(form);
		}

		await().atMost(Duration.ofSeconds(5))
			.until(() -> redisson.getStream(keys.events(block.shard()), StringCodec.INSTANCE)
				.getPendingInfo("audit")
				.getTotal() == 0);
		assertThat(chainHolds()).isTrue();
	}

	@Test
	void createsTheGroupAgainWhenItIsGoneAndMissesNothing() {
		ManagementNumber block = leases().newBlock();
		String before = lease(block, PhoneFixtures.mobile(), PhoneFixtures.mobile());
		await().atMost(Duration.ofSeconds(15))
			.until(() -> jdbc.queryForObject("SELECT count(*) FROM ledger WHERE binding_id = ?", Long.class,
					before) == 1);
		// Redis lost the group (an operator, a restart without persistence): reads answer
		// NOGROUP
		redisson.getStream(keys.events(block.shard()), StringCodec.INSTANCE).removeGroup("audit");

		String after = lease(block, PhoneFixtures.mobile(), PhoneFixtures.mobile());

		await().atMost(Duration.ofSeconds(15))
			.until(() -> jdbc.queryForObject("SELECT count(*) FROM ledger WHERE binding_id = ?", Long.class,
					after) == 1);
		// the group was made again from the stream's start: the entry already in the
		// ledger is not written twice
		assertThat(jdbc.queryForObject("SELECT count(*) FROM ledger WHERE binding_id = ?", Long.class, before))
			.isEqualTo(1);
		await().atMost(Duration.ofSeconds(5))
			.until(() -> redisson.getStream(keys.events(block.shard()), StringCodec.INSTANCE)
				.getPendingInfo("audit")
				.getTotal() == 0);
		assertThat(chainHolds()).isTrue();
	}

	@Test
	void skipsAnEventItHasAlready() {
		LedgerEntry entry = new LedgerEntry("test:" + NEXT.incrementAndGet(), "ACCESS", Instant.now(), null, null, null,
				null, null, null, null, null, null, "{}");
		assertThat(ledger.append(List.of(entry))).isEqualTo(1);
		assertThat(ledger.append(List.of(entry, entry))).isZero();
		assertThat(jdbc.queryForObject("SELECT count(*) FROM ledger WHERE event_id = ?", Long.class, entry.eventId()))
			.isEqualTo(1);
		assertThat(chainHolds()).isTrue();
	}

	@Test
	void refusesToChangeOrRemoveLedgerRows() throws Exception {
		ledger.append(List.of(new LedgerEntry("test:" + NEXT.incrementAndGet(), "ACCESS", Instant.now(), null, null,
				null, null, null, null, null, null, null, "{}")));
		// the service's own role may not even try
		assertThatThrownBy(() -> jdbc.update("UPDATE ledger SET type = 'X'")).rootCause()
			.hasMessageContaining("permission denied");
		assertThatThrownBy(() -> jdbc.update("DELETE FROM ledger")).rootCause()
			.hasMessageContaining("permission denied");
		assertThatThrownBy(() -> jdbc.update("TRUNCATE ledger")).rootCause().hasMessageContaining("permission denied");
		// and the owner is stopped by the triggers
		try (Connection owner = TestInfrastructure.get().connect(); Statement sql = owner.createStatement()) {
			assertThatThrownBy(() -> sql.executeUpdate("UPDATE ledger SET type = 'X'"))
				.hasMessageContaining("append-only");
			assertThatThrownBy(() -> sql.executeUpdate("DELETE FROM ledger")).hasMessageContaining("append-only");
			assertThatThrownBy(() -> sql.executeUpdate("TRUNCATE ledger")).hasMessageContaining("append-only");
		}
	}

	@Test
	void signedCheckpointsAreAppendOnlyLikeTheLedger() throws Exception {
		ledger.append(List.of(new LedgerEntry("test:" + NEXT.incrementAndGet(), "ACCESS", Instant.now(), null, null,
				null, null, null, null, null, null, null, "{}")));
		checkpoints.sign(Checkpoints.Reason.SCHEDULE);
		assertThatThrownBy(() -> jdbc.update("UPDATE ledger_checkpoint SET seq = 1")).rootCause()
			.hasMessageContaining("permission denied");
		assertThatThrownBy(() -> jdbc.update("DELETE FROM ledger_checkpoint")).rootCause()
			.hasMessageContaining("permission denied");
		try (Connection owner = TestInfrastructure.get().connect(); Statement sql = owner.createStatement()) {
			assertThatThrownBy(() -> sql.executeUpdate("UPDATE ledger_checkpoint SET seq = 1"))
				.hasMessageContaining("append-only");
			assertThatThrownBy(() -> sql.executeUpdate("DELETE FROM ledger_checkpoint"))
				.hasMessageContaining("append-only");
			assertThatThrownBy(() -> sql.executeUpdate("TRUNCATE ledger_checkpoint"))
				.hasMessageContaining("append-only");
		}
	}

	@Test
	void reportsHealthWithDatabaseAndRedis() throws Exception {
		HttpResponse<String> health = HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/health")).build(),
					HttpResponse.BodyHandlers.ofString());
		assertThat(health.statusCode()).isEqualTo(200);
		assertThat(health.body()).contains("\"db\"").contains("\"redis\"").doesNotContain("DOWN");
		assertThat(io.numshield.testsupport.Listening.addressesOf(port)).as("listens on loopback only")
			.containsExactly("127.0.0.1");
	}

	private boolean chainHolds() {
		String prev = Ledger.GENESIS;
		for (Map<String, Object> row : jdbc.queryForList("SELECT * FROM ledger ORDER BY seq")) {
			if (!row.get("prev_hash").equals(prev)
					|| !row.get("hash").equals(Ledger.sha256(prev + "\n" + CanonicalForm.v2(row)))) {
				return false;
			}
			prev = (String) row.get("hash");
		}
		return true;
	}

	private String lease(ManagementNumber block, String a, String b) {
		return (String) leases().lease(block, 0, a, b, Duration.ofMinutes(10)).get("id");
	}

}
