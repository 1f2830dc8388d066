package io.numshield.support.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.numshield.core.number.VirtualShard;
import io.numshield.core.redis.LeaseCall;
import io.numshield.core.redis.LeaseScript;
import io.numshield.core.redis.RouteCall;
import io.numshield.core.redis.ScriptConnection;
import io.numshield.support.redis.RedisProperties.Durability;
import io.numshield.support.redis.RedisProperties.Tls;
import io.numshield.testsupport.RedisClusterProcess;
import io.numshield.testsupport.RedisServerProcess;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;
import org.redisson.Redisson;
import org.redisson.api.RedissonClient;
import org.redisson.api.stream.StreamMessageId;
import org.redisson.api.stream.StreamRangeArgs;
import org.redisson.client.codec.StringCodec;

/**
 * A master of a Redis Cluster (3 masters, 1 replica each) dies while leases and routes
 * run: four workers lease a number on one shard after another (64 shards, all three
 * masters) and route a call to it, the test kills the master of shard 00 with SIGKILL,
 * waits until its replica has taken over, and starts the killed node again (a
 * supervisor's restart: it comes back as the new master's replica). Measured: how long
 * after the kill the first lease and the first route on the dead master's shards succeed
 * again, and how many acknowledged leases, lease events and route events Redis no longer
 * has afterwards. Without a durability setting the lost ones are counted (Redis
 * replicates asynchronously); with {@code numshield.redis.durability.replicas=1} none may
 * be lost. The figures go to {@code target/failover-report.txt} (docs/benchmarks.md).
 */
class RedisFailoverIT {

	private static final String PLATFORM = "plat-failover";

	private static final String CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

	/**
	 * Acknowledged leases before the kill: enough that the kill meets a steady stream of
	 * them.
	 */
	private static final int BEFORE_KILL = 1500;

	/**
	 * Lease+route pairs of the steady phase before the kill, whose rate is the cost
	 * figure of the durability setting.
	 */
	private static final int STEADY = 3000;

	/**
	 * Operations on the dead master's shards after both resumed: the run goes on past the
	 * recovery.
	 */
	private static final int AFTER_RESUME = 300;

	@Test
	void withoutDurabilityBindsAndRoutesResumeAndTheLostAcknowledgedLeasesAreCounted() throws Exception {
		Figures figures = run(Durability.MASTER);

		assertThat(figures.bindResumedMillis).isPositive();
		assertThat(figures.routeResumedMillis).isPositive();
		assertThat(figures.leases).isGreaterThan(BEFORE_KILL);
		assertThat(figures.lostLeases).isBetween(0, figures.leases);
	}

	@Test
	void withOneReplicaAcknowledgingEveryChangeNoAcknowledgedLeaseNorEventIsLost() throws Exception {
		Figures figures = run(new Durability(1, Duration.ofSeconds(1)));

		assertThat(figures.bindResumedMillis).isPositive();
		assertThat(figures.routeResumedMillis).isPositive();
		assertThat(figures.leases).isGreaterThan(BEFORE_KILL);
		assertThat(figures.lostLeases).isZero();
		assertThat(figures.lostLeaseEvents).isZero();
		assertThat(figures.lostRouteEvents).isZero();
	}

	private Figures run(Durability durability) throws Exception {
		assumeTrue(RedisClusterProcess.installed(), "redis-server and redis-cli are not installed");
		// a master that is down stops only its own slots: the others serve on (Redis's
		// default stops all)
		try (RedisClusterProcess cluster = RedisClusterProcess.start(3, 1, Duration.ofSeconds(2),
				List.of("cluster-require-full-coverage no"))) {
			String prefix = "fo" + UUID.randomUUID().toString().substring(0, 6) + ":";
			RedisProperties properties = new RedisProperties(cluster.url(), null, null, new Tls(null, true), prefix, 8,
					Duration.ofSeconds(2), 0, durability);
			RedissonClient redisson = Redisson.create(RedisConfiguration.config(properties));
			try (ScriptConnection connection = RedisConfiguration.openScriptConnection(properties)) {
				return run(cluster, new LeaseScripts(connection, durability), redisson, prefix, durability);
			}
			finally {
				redisson.shutdown();
			}
		}
	}

	private Figures run(RedisClusterProcess cluster, LeaseScripts scripts, RedissonClient redisson, String prefix,
			Durability durability) throws Exception {
		for (int shard = 0; shard < VirtualShard.COUNT; shard++) {
			redisson.getMap(base(prefix, shard) + "p", StringCodec.INSTANCE).put(PLATFORM, "ACTIVE");
			scripts.run(LeaseScript.INIT_BLOCK, base(prefix, shard), block(shard), "pool", "10000", "5", "0");
		}
		RedisServerProcess dead = cluster.masterOf(base(prefix, 0));
		Set<Integer> affected = new HashSet<>();
		for (int shard = 0; shard < VirtualShard.COUNT; shard++) {
			if (cluster.masterOf(base(prefix, shard)).port() == dead.port()) {
				affected.add(shard);
			}
		}

		Map<String, Integer> leases = new ConcurrentHashMap<>();
		Map<String, Integer> routes = new ConcurrentHashMap<>();
		AtomicInteger afterResume = new AtomicInteger();
		AtomicLong killedAt = new AtomicLong();
		AtomicLong bindResumed = new AtomicLong();
		AtomicLong routeResumed = new AtomicLong();
		AtomicLong failures = new AtomicLong();
		AtomicBoolean stop = new AtomicBoolean();
		AtomicInteger nextShard = new AtomicInteger();
		AtomicLong steadyOps = new AtomicLong();
		List<Thread> workers = new java.util.ArrayList<>();
		for (int w = 0; w < 4; w++) {
			workers.add(Thread.ofPlatform().name("failover-worker-" + w).start(() -> {
				while (!stop.get()) {
					int shard = Math.floorMod(nextShard.getAndIncrement(), VirtualShard.COUNT);
					String base = base(prefix, shard);
					String id = String.format("%02d", shard) + suffix();
					long killed = killedAt.get();
					boolean onDead = killed != 0 && affected.contains(shard);
					try {
						LeaseCall.Reply lease = scripts
							.call(new LeaseCall(id, PLATFORM, "ORD-" + id, "AXB", block(shard), -1, "a" + id, "b" + id,
									"ciphertext", "BOTH", false, 3_600_000L, null, 0, "consent", Instant.now(), 5000),
									base);
						assertThat(lease.leased()).as(lease.result()).isTrue();
						leases.put(id, shard);
						if (killed == 0) {
							steadyOps.incrementAndGet();
						}
						if (onDead) {
							bindResumed.compareAndSet(0, System.nanoTime() - killed);
						}
						String callId = "call-" + id;
						RouteCall.Decision decision = scripts
							.call(new RouteCall(lease.virtualNumber(), callId, "a" + id, "caller-ciphertext", "VOICE",
									1000, 600_000, 600_000, 600_000, "routed:" + callId, 1_000_000), base);
						assertThat(decision.connect()).as(decision.reason()).isTrue();
						routes.put(callId, shard);
						if (onDead) {
							routeResumed.compareAndSet(0, System.nanoTime() - killed);
							if (bindResumed.get() != 0) {
								afterResume.incrementAndGet();
							}
						}
					}
					catch (RuntimeException ex) {
						if (killedAt.get() == 0) {
							throw ex; // before the kill nothing may fail
						}
						failures.incrementAndGet();
					}
				}
			}));
		}
		awaitAtLeast(() -> leases.size(), BEFORE_KILL, workers);
		long steadyStart = System.nanoTime();
		long steadyFrom = steadyOps.get();
		awaitAtLeast(() -> (int) (steadyOps.get() - steadyFrom), STEADY, workers);
		double steadyPerSecond = (steadyOps.get() - steadyFrom) / ((System.nanoTime() - steadyStart) / 1e9);

		killedAt.set(System.nanoTime());
		dead.kill();
		// the supervisor starts the node again once its replica has taken over
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
		while (cluster.masterServing(base(prefix, 0)).filter(m -> m.port() != dead.port()).isEmpty()
				&& System.nanoTime() < deadline) {
			Thread.sleep(50);
		}
		long failedOverMillis = (System.nanoTime() - killedAt.get()) / 1_000_000;
		cluster.restart(dead);
		awaitAtLeast(afterResume::get, AFTER_RESUME, workers);
		stop.set(true);
		for (Thread worker : workers) {
			worker.join();
		}
		cluster.awaitHealthy();

		Figures figures = new Figures();
		figures.durability = durability;
		figures.leases = leases.size();
		figures.routes = routes.size();
		figures.failures = failures.get();
		figures.failedOverMillis = failedOverMillis;
		figures.bindResumedMillis = bindResumed.get() / 1_000_000;
		figures.routeResumedMillis = routeResumed.get() / 1_000_000;
		figures.steadyPerSecond = steadyPerSecond;
		count(redisson, prefix, leases, routes, figures);
		report(figures);
		return figures;
	}

	/**
	 * What Redis still has of the acknowledged leases, their BINDING_CREATED events and
	 * the routes' CALL_ROUTED.
	 */
	private static void count(RedissonClient redisson, String prefix, Map<String, Integer> leases,
			Map<String, Integer> routes, Figures figures) {
		Set<String> leaseEvents = new HashSet<>();
		Set<String> routeEvents = new HashSet<>();
		Set<String> records = new HashSet<>();
		for (int shard = 0; shard < VirtualShard.COUNT; shard++) {
			String base = base(prefix, shard);
			String tag = String.format("%02d", shard);
			redisson.<String, String>getMap(base + "b", StringCodec.INSTANCE)
				.keySet()
				.forEach(k -> records.add(tag + k));
			redisson.<String, String>getStream(base + "ev", StringCodec.INSTANCE)
				.range(StreamRangeArgs.startId(StreamMessageId.MIN).endId(StreamMessageId.MAX))
				.values()
				.forEach(e -> leaseEvents.add(e.get("bindingId")));
			redisson.<String, String>getStream(base + "calls", StringCodec.INSTANCE)
				.range(StreamRangeArgs.startId(StreamMessageId.MIN).endId(StreamMessageId.MAX))
				.values()
				.forEach(e -> routeEvents.add(e.get("callId")));
		}
		figures.lostLeases = (int) leases.keySet().stream().filter(id -> !records.contains(id)).count();
		figures.lostLeaseEvents = (int) leases.keySet().stream().filter(id -> !leaseEvents.contains(id)).count();
		figures.lostRouteEvents = (int) routes.keySet().stream().filter(id -> !routeEvents.contains(id)).count();
	}

	private static void report(Figures f) throws IOException {
		String line = String.format(
				"%s durability.replicas=%d: lease+route pairs/s before the kill %.0f; failover (replica promoted) %d ms after the kill; "
						+ "first lease on the dead master's shards %d ms, first route %d ms after it; acknowledged: %d leases, %d routes; "
						+ "failed calls %d; lost: %d leases, %d lease events, %d route events%n",
				Instant.now(), f.durability.replicas(), f.steadyPerSecond, f.failedOverMillis, f.bindResumedMillis,
				f.routeResumedMillis, f.leases, f.routes, f.failures, f.lostLeases, f.lostLeaseEvents,
				f.lostRouteEvents);
		System.out.print("failover: " + line);
		Path file = Path.of("target", "failover-report.txt");
		Files.createDirectories(file.getParent());
		Files.writeString(file, line, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
	}

	/**
	 * Waits until {@code value} reaches {@code target}; fails if a worker died or a
	 * minute passed.
	 */
	private static void awaitAtLeast(java.util.function.IntSupplier value, int target, List<Thread> workers)
			throws InterruptedException {
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
		while (value.getAsInt() < target) {
			assertThat(workers).as("a worker stopped on a failure").allMatch(Thread::isAlive);
			assertThat(System.nanoTime()).as("reached %d within two minutes", target).isLessThan(deadline);
			Thread.sleep(20);
		}
	}

	private static String base(String prefix, int shard) {
		return prefix + "{" + String.format("%02d", shard) + "}:";
	}

	private static String block(int shard) {
		return String.format("700%08d", shard);
	}

	private static String suffix() {
		StringBuilder id = new StringBuilder(14);
		for (int i = 0; i < 14; i++) {
			id.append(CROCKFORD.charAt(ThreadLocalRandom.current().nextInt(CROCKFORD.length())));
		}
		return id.toString();
	}

	private static final class Figures {

		Durability durability;

		int leases;

		int routes;

		long failures;

		long failedOverMillis;

		long bindResumedMillis;

		long routeResumedMillis;

		double steadyPerSecond;

		int lostLeases;

		int lostLeaseEvents;

		int lostRouteEvents;

	}

}
