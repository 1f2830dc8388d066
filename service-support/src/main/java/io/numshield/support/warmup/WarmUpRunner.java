package io.numshield.support.warmup;

import io.micrometer.core.instrument.MeterRegistry;
import io.numshield.core.redis.RedisKeys;
import io.numshield.core.token.Audience;

import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import org.redisson.api.RedissonClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.web.server.context.WebServerApplicationContext;

/**
 * Warms the request path up before the service reports ready (issue 10, point 5): for
 * {@code numshield.warmup.duration}, {@code connections} loopback clients send the
 * {@link WarmUpPlan}'s rounds through Tomcat to twins of the hot filters, which run the
 * same classes (token check, JSON, validation, crypto, the Redis scripts) against state
 * under {@code <prefix>warm:<random>:}, so that the JIT compiles the request path before
 * the first real request instead of under it.
 * <p>
 * Runs as an {@link ApplicationRunner}: Tomcat is listening, and Spring Boot publishes
 * {@code ReadinessState.ACCEPTING_TRAFFIC} only after the runners return. Until then this
 * health indicator is OUT_OF_SERVICE, so {@code /actuator/health} answers 503 (what
 * {@code make run} and the benchmarks wait on). Then the gate closes, every key under the
 * warm-up's prefix is deleted (its streams included: the audit service reads the real
 * prefix's streams only, so no warm-up event reaches the ledger) and the plan forgets its
 * synthetic settings. A failed warm-up is logged and cleaned up the same way; it never
 * keeps the service from starting.
 */
public final class WarmUpRunner implements ApplicationRunner, HealthIndicator {

	private static final Logger log = LoggerFactory.getLogger(WarmUpRunner.class);

	private final WarmUpProperties properties;

	private final WarmUpPlan plan;

	private final WarmUpGate gate;

	private final RedisKeys keys;

	private final RedissonClient redisson;

	private final Audience audience;

	private final MeterRegistry meters;

	private final WebServerApplicationContext context;

	private volatile String state = "not started";

	WarmUpRunner(WarmUpProperties properties, WarmUpPlan plan, WarmUpGate gate, RedisKeys keys, RedissonClient redisson,
			Audience audience, MeterRegistry meters, WebServerApplicationContext context) {
		this.properties = properties;
		this.plan = plan;
		this.gate = gate;
		this.keys = keys;
		this.redisson = redisson;
		this.audience = audience;
		this.meters = meters;
		this.context = context;
	}

	@Override
	public Health health() {
		return "done".equals(state) ? Health.up().build() : Health.outOfService().withDetail("warmUp", state).build();
	}

	@Override
	public void run(ApplicationArguments args) {
		if (context.getWebServer() == null || context.getWebServer().getPort() <= 0) {
			state = "done"; // no port to warm up through (a test's mock environment)
			return;
		}
		state = "running";
		String prefix = keys.prefix() + "warm:" + WarmUpIdentity.random(8) + ":";
		long started = System.nanoTime();
		AtomicLong rounds = new AtomicLong();
		AtomicReference<Exception> failure = new AtomicReference<>();
		WarmUpIdentity identity = new WarmUpIdentity(audience);
		WarmUpClient client = new WarmUpClient(context.getWebServer().getPort(), identity.secret(), meters);
		try {
			gate.open(identity.secret(), plan.prepare(new RedisKeys(prefix), identity));
			long deadline = System.nanoTime() + properties.duration().toNanos(); // the
																					// set-up
																					// not
																					// counted
			try (ExecutorService workers = Executors.newVirtualThreadPerTaskExecutor()) {
				for (int c = 0; c < properties.connections(); c++) {
					workers.execute(() -> {
						do { // at least one round each, however long the set-up took
							try {
								plan.round(client, rounds.getAndIncrement());
							}
							catch (Exception ex) {
								failure.compareAndSet(null, ex);
							}
						}
						while (System.nanoTime() < deadline && failure.get() == null);
					});
				}
			}
		}
		catch (RuntimeException ex) {
			failure.compareAndSet(null, ex);
		}
		finally {
			gate.close();
			client.close();
			cleanUp(prefix);
			state = "done";
		}
		Duration took = Duration.ofNanos(System.nanoTime() - started);
		if (failure.get() != null) {
			log.warn("warm-up stopped after {} rounds in {} ms: {}", rounds.get(), took.toMillis(),
					failure.get().toString());
		}
		else {
			log.info("warm-up: {} rounds in {} ms", rounds.get(), took.toMillis());
		}
	}

	private void cleanUp(String prefix) {
		try {
			plan.finish();
		}
		finally {
			long deleted = redisson.getKeys().deleteByPattern(prefix + "*");
			log.debug("warm-up deleted {} keys under {}", deleted, prefix);
		}
	}

}
