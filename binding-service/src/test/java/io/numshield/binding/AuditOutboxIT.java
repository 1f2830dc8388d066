package io.numshield.binding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.numshield.binding.outbox.OutboxProperties;
import io.numshield.binding.outbox.OutboxRelay;
import io.numshield.binding.outbox.redis.RedisEventStream;
import io.numshield.testsupport.RedisServerProcess;
import io.numshield.testsupport.TestInfrastructure;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.redisson.Redisson;
import org.redisson.api.RedissonClient;
import org.redisson.config.Config;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * The audit outbox (ADR 0016) against the real PostgreSQL and Redis: an admin change's
 * event is a row of its transaction, kept when Redis fails after the commit and written
 * by a later round of the relay, and relays running at once write every row once, in
 * order. While a test needs rows to wait, it holds the relays' advisory lock itself on a
 * connection of its own (every relay of every cached service context skips, or waits for
 * it) and runs its own relays on that connection (the lock is re-entrant for its
 * session).
 */
class AuditOutboxIT extends BindingServiceITSupport {

	/** This context's relay (other cached contexts have theirs, on the same database). */
	@Autowired
	OutboxRelay relay;

	@Autowired
	JdbcTemplate jdbc;

	@Autowired
	PlatformTransactionManager transactions;

	private SingleConnectionDataSource holder;

	/**
	 * Takes every relay's lock on a connection of the test's own: the service's relays
	 * deliver nothing meanwhile.
	 */
	@BeforeEach
	void holdTheRelaysLock() throws Exception {
		holder = new SingleConnectionDataSource(TestInfrastructure.get().connect(), true);
		new JdbcTemplate(holder).queryForObject("SELECT 1 FROM pg_advisory_lock(?)", Integer.class, OutboxRelay.LOCK);
		relay.stop(); // its drain after each commit would wait for the lock
	}

	@AfterEach
	void releaseTheRelaysLock() {
		holder.destroy();
		relay.start();
	}

	@Test
	void anEventCommittedWhileTheRelaysRedisIsDownIsWrittenByALaterRound() throws Exception {
		assumeTrue(RedisServerProcess.installed(), "redis-server is not installed");
		String[] pool = segmentPool(null, null);
		String platformId = platform(List.of(pool[0]), null);

		assertThat(outboxEventIds(platformId)).as("the change committed with its event as a row").hasSize(1);
		assertThat(eventsAbout(platformId)).isEmpty();

		Path dir = Files.createTempDirectory("outbox-redis");
		try (RedisServerProcess server = RedisServerProcess.start(dir, false, List.of())) {
			RedissonClient unreachable = client(server.port());
			try {
				server.kill();
				SimpleMeterRegistry meters = new SimpleMeterRegistry();
				OutboxRelay down = lockHoldersRelay(unreachable, meters);
				assertThat(down.drain()).isZero();
				assertThat(meters.get("numshield.outbox.failed").counter().count()).isEqualTo(1);
			}
			finally {
				unreachable.shutdown();
			}
		}
		String eventId = outboxEventIds(platformId).get(0);
		assertThat(eventsAbout(platformId)).as("nothing written, nothing lost").isEmpty();

		assertThat(lockHoldersRelay(redisson, new SimpleMeterRegistry()).drain()).isGreaterThanOrEqualTo(1);

		assertThat(outboxEventIds(platformId)).isEmpty();
		List<Map<String, String>> events = eventsAbout(platformId);
		assertThat(events).hasSize(1);
		assertThat(events.get(0))
			.containsOnlyKeys("v", "eventId", "type", "occurredAt", "platformId", "status", "reason", "changedBy")
			.containsEntry("eventId", eventId)
			.containsEntry("type", "PLATFORM_STATUS_CHANGED")
			.containsEntry("status", "ACTIVE")
			.containsEntry("reason", "created");
	}

	@Test
	void twoRelaysWriteEveryRowOnceInOrder() throws Exception {
		String[] pool = segmentPool(null, null);
		String platformId = platform(List.of(pool[0]), null);
		for (int i = 0; i < 12; i++) {
			expect(call("POST", "/v1/platforms/" + platformId + "/suspend", operator(), Map.of("reason", "check " + i)),
					200);
			expect(call("POST", "/v1/platforms/" + platformId + "/resume", operator(), null), 200);
		}
		List<String> expected = outboxEventIds(platformId);
		assertThat(expected).hasSize(25);
		holder.destroy(); // from here on every relay competes: the service's and the two
							// below

		SimpleMeterRegistry meters = new SimpleMeterRegistry();
		List<OutboxRelay> relays = List.of(relay(redisson, 3, meters), relay(redisson, 3, meters));
		CountDownLatch start = new CountDownLatch(1);
		List<CompletableFuture<Void>> running = new ArrayList<>();
		for (OutboxRelay each : relays) {
			running.add(CompletableFuture.runAsync(() -> {
				await(start);
				while (!outboxEventIds(platformId).isEmpty()) {
					each.drain();
				}
			}));
		}
		start.countDown();
		CompletableFuture.allOf(running.toArray(CompletableFuture[]::new)).get();

		assertThat(eventsAbout(platformId)).extracting(e -> e.get("eventId")).containsExactlyElementsOf(expected);
		assertThat(eventsAbout(platformId)).extracting(e -> e.get("status"))
			.startsWith("ACTIVE", "SUSPENDED", "ACTIVE", "SUSPENDED")
			.endsWith("SUSPENDED", "ACTIVE");
	}

	// ---- helpers

	/** A relay on the connection that holds the relays' lock. */
	private OutboxRelay lockHoldersRelay(RedissonClient client, SimpleMeterRegistry meters) {
		return new OutboxRelay(new JdbcTemplate(holder), new DataSourceTransactionManager(holder),
				new RedisEventStream(client, keys), new OutboxProperties(Duration.ofSeconds(1), 100), meters);
	}

	private OutboxRelay relay(RedissonClient client, int batch, SimpleMeterRegistry meters) {
		return new OutboxRelay(jdbc, transactions, new RedisEventStream(client, keys),
				new OutboxProperties(Duration.ofSeconds(1), batch), meters);
	}

	/** The platform's events waiting in the outbox, in the relay's order. */
	private List<String> outboxEventIds(String platformId) {
		return jdbc.queryForList(
				"SELECT event_id FROM audit_outbox WHERE fields @> ARRAY['platformId', ?]::text[] ORDER BY id",
				String.class, platformId);
	}

	private List<Map<String, String>> eventsAbout(String platformId) {
		return allEvents().stream().filter(e -> platformId.equals(e.get("platformId"))).toList();
	}

	/** A client that gives up quickly: one attempt, half a second. */
	private static RedissonClient client(int port) {
		Config config = new Config();
		config.useSingleServer()
			.setAddress("redis://127.0.0.1:" + port)
			.setTimeout(500)
			.setRetryAttempts(0)
			.setConnectTimeout(500);
		return Redisson.create(config);
	}

	private static void await(CountDownLatch latch) {
		try {
			latch.await();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

}
