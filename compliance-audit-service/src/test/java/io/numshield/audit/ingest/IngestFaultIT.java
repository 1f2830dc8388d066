package io.numshield.audit.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.numshield.audit.AuditIntegrationTest;
import io.numshield.audit.ComplianceAuditApplication;
import io.numshield.audit.ledger.ChainVerifier;
import io.numshield.core.number.VirtualShard;
import io.numshield.testsupport.TestInfrastructure;

import java.io.File;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.redisson.api.RBatch;
import org.redisson.api.RStreamAsync;
import org.redisson.api.stream.StreamAddArgs;
import org.redisson.api.stream.StreamMessageId;
import org.redisson.client.codec.StringCodec;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Faults of the ingestion path: a consumer process killed in the middle of its batches,
 * and the database taken away for a while. Afterwards every event is in the ledger
 * exactly once and the chain verifies.
 */
class IngestFaultIT extends AuditIntegrationTest {

	@Autowired
	StreamIngestor ingestor;

	@Autowired
	ChainVerifier verifier;

	@LocalServerPort
	int port;

	@AfterEach
	void ingestorRuns() throws Exception {
		allowConnections(true);
		ingestor.start();
	}

	@Test
	void aConsumerKilledMidBatchLosesNothingAndDuplicatesNothing() throws Exception {
		ingestor.stop();
		String run = "kill-" + UUID.randomUUID();
		int events = 20_000;
		publish(run, events);

		Process victim = startVictim();
		try {
			await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(20)).until(() -> count(run) >= 2_000);
		}
		finally {
			victim.destroyForcibly().waitFor();
		}
		long atKill = count(run);
		assertThat(atKill).as("killed before it finished").isLessThan(events);
		long leftPending = pendingOf("victim");

		ingestor.start();
		await().atMost(Duration.ofSeconds(90))
			.ignoreExceptions()
			.until(() -> count(run) == events && pendingOf("victim") == 0);
		assertThat(jdbc.queryForObject("SELECT count(DISTINCT event_id) FROM ledger WHERE event_id LIKE ?", Long.class,
				run + ":%"))
			.isEqualTo(events);
		assertThat(verifier.verify(Instant.now().minus(Duration.ofDays(1)), Instant.now().plusSeconds(60)).verified())
			.isTrue();
		// what the dead consumer had read but not acknowledged was claimed, not lost
		assertThat(leftPending + atKill).isGreaterThan(0);
	}

	@Test
	void ingestionPausesWhileTheDatabaseIsAwayAndCatchesUp() throws Exception {
		String run = "pgdown-" + UUID.randomUUID();
		allowConnections(false);
		publish(run, 640);
		// the service reports itself down, and what it read waits unacknowledged:
		// nothing is acknowledged while nothing can be written (awaited, not slept on:
		// how soon the ingestor reads depends on the machine's load)
		HttpClient http = HttpClient.newHttpClient();
		await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).until(() -> {
			HttpResponse<String> health = http.send(
					HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/health")).build(),
					HttpResponse.BodyHandlers.ofString());
			return health.statusCode() == 503 && pendingEntries() > 0;
		});
		allowConnections(true);
		await().atMost(Duration.ofSeconds(60)).ignoreExceptions().until(() -> count(run) == 640);
		assertThat(jdbc.queryForObject("SELECT count(DISTINCT event_id) FROM ledger WHERE event_id LIKE ?", Long.class,
				run + ":%"))
			.isEqualTo(640);
		assertThat(verifier.verify(Instant.now().minus(Duration.ofDays(1)), Instant.now().plusSeconds(60)).verified())
			.isTrue();
	}

	private long pendingEntries() {
		long waiting = 0;
		for (VirtualShard shard : VirtualShard.all()) {
			waiting += redisson.getStream(keys.events(shard), StringCodec.INSTANCE).getPendingInfo("audit").getTotal();
		}
		return waiting;
	}

	/**
	 * Entries shaped like route.lua's routing decisions, spread over every shard's lease
	 * stream.
	 */
	private void publish(String run, int events) {
		RBatch batch = redisson.createBatch();
		long now = System.currentTimeMillis();
		for (int i = 0; i < events; i++) {
			VirtualShard shard = new VirtualShard(i % VirtualShard.COUNT);
			RStreamAsync<String, String> stream = batch.getStream(keys.events(shard), StringCodec.INSTANCE);
			stream.addAsync(StreamMessageId.AUTO_GENERATED,
					StreamAddArgs.entries(java.util.Map.ofEntries(java.util.Map.entry("v", "1"),
							java.util.Map.entry("eventId", run + ":" + i), java.util.Map.entry("type", "CALL_ROUTED"),
							java.util.Map.entry("occurredAt", Long.toString(now)),
							java.util.Map.entry("callId", "call-" + i), java.util.Map.entry("callType", "VOICE"),
							java.util.Map.entry("virtualNumber", "7001000000" + String.format("%05d", i % 100_000)),
							java.util.Map.entry("callerIndex", "idx" + i), java.util.Map.entry("action", "REJECT"),
							java.util.Map.entry("reason", "NO_BINDING"), java.util.Map.entry("bindingId", ""),
							java.util.Map.entry("platformId", ""), java.util.Map.entry("orderId", ""))));
		}
		batch.execute();
	}

	private long count(String run) {
		return jdbc.queryForObject("SELECT count(*) FROM ledger WHERE event_id LIKE ?", Long.class, run + ":%");
	}

	private long pendingOf(String consumer) {
		long total = 0;
		for (VirtualShard shard : VirtualShard.all()) {
			Long n = redisson.getStream(keys.events(shard), StringCodec.INSTANCE)
				.getPendingInfo("audit")
				.getConsumerNames()
				.get(consumer);
			total += n == null ? 0 : n;
		}
		return total;
	}

	/**
	 * The same service in a process of its own, consuming as "victim", so that it can be
	 * killed.
	 */
	private Process startVictim() throws Exception {
		TestInfrastructure infra = TestInfrastructure.get();
		List<String> command = new ArrayList<>(List.of(
				Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
				System.getProperty("java.class.path"), ComplianceAuditApplication.class.getName(), "--server.port=0",
				"--spring.datasource.url=" + infra.jdbcUrl(), "--spring.datasource.username=numshield_audit_app",
				"--spring.datasource.password=", "--spring.flyway.user=" + infra.user(),
				"--spring.flyway.password=" + infra.password(), "--numshield.redis.url=" + infra.redisUrl(),
				"--numshield.redis.key-prefix=" + infra.keyPrefix(), "--numshield.keys.dir=" + infra.keysDir(),
				"--numshield.token.public-keys=" + infra.tokenPublicKeys(), "--numshield.audit.consumer=victim",
				"--numshield.audit.batch=50", "--numshield.audit.poll-interval=10ms", "--numshield.audit.claim-idle=1h",
				"--logging.file.name="));
		new File("target/test-logs").mkdirs();
		return new ProcessBuilder(command).redirectErrorStream(true)
			.redirectOutput(new File("target/test-logs/victim.log"))
			.start();
	}

	/**
	 * Takes this run's database away from every client (as an outage would), or gives it
	 * back.
	 */
	private void allowConnections(boolean allowed) throws Exception {
		TestInfrastructure infra = TestInfrastructure.get();
		String admin = infra.jdbcUrl().replace("/" + infra.databaseName(), "/postgres");
		try (Connection c = DriverManager.getConnection(admin, infra.user(), infra.password());
				Statement sql = c.createStatement()) {
			sql.execute("ALTER DATABASE " + infra.databaseName() + " WITH ALLOW_CONNECTIONS " + allowed);
			if (!allowed) {
				sql.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '"
						+ infra.databaseName() + "' AND pid <> pg_backend_pid()");
			}
		}
	}

}
