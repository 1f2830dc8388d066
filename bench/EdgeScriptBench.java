// What the Redis client costs the gateway's edge check (issue 10 points 2 and 6, ADR 0009): N callers
// in flight, each running EVALSHA of the real edge-check.lua (nonce + GCRA, as ReplayAndRateGuard
// calls it: rate key first, a fresh nonce each call, the rate 1,000,000/s that bench/gateway.sh gives its keys) and issuing its next
// call from the reply's callback, through one client:
//   redisson   the gateway's former transport: Redisson RScript.evalShaAsync as SystemConfiguration built
//              it (pool 32, 8 idle, 32 netty threads, 3 s timeout)
//   scripts    the core's ScriptConnection (2 pipelined Lettuce connections on 2 I/O threads), as now
// Prints, per in-flight count, calls/s and the CPU of this JVM per call (process CPU time).
// Against the local Redis under its own prefix (hF:bench:...), deleted at the end. Run (JDK 21+):
//   ./mvnw -B -ntp -q -pl service-support -am compile dependency:build-classpath -Dmdep.outputFile=/tmp/cp.txt
//   java -cp "$(cat /tmp/cp.txt):numshield-core/target/classes" bench/EdgeScriptBench.java CLIENT [SECONDS_PER_STEP] [REDIS_URL]
// Alternate the clients, one JVM each (bench/edge-script.sh does).
import io.lettuce.core.RedisClient;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.codec.StringCodec;
import io.numshield.core.redis.RedisEndpoint;
import io.numshield.core.redis.ScriptConnection;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

import org.redisson.Redisson;
import org.redisson.api.RScript;
import org.redisson.api.RedissonClient;
import org.redisson.config.Config;

public class EdgeScriptBench {

	static volatile boolean running;

	public static void main(String[] args) throws Exception {
		String client = args[0];
		int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
		String url = args.length > 2 ? args[2] : "redis://127.0.0.1:6379";
		String prefix = "hF:bench:" + UUID.randomUUID() + ":";
		String source = Files.readString(Path.of("gateway/src/main/resources/io/numshield/gateway/edge/edge-check.lua"));
		RedisClient admin = RedisClient.create(url);
		RedisCommands<String, String> sync = admin.connect(StringCodec.UTF8).sync();
		String sha = sync.scriptLoad(source);
		AtomicLong ids = new AtomicLong();
		// 64 key ids, as ReplayAndRateGuard names them: {rate, nonces of this minute}, nonce, rate, TTL
		Function<Long, String[]> keys = i -> new String[] { prefix + "gw:rate:{pk_" + (i % 64) + "}",
				prefix + "gw:nonces:{pk_" + (i % 64) + "}:" + (System.currentTimeMillis() / 60_000) };
		Function<Long, String[]> argv = i -> new String[] { "n" + i + "-" + UUID.randomUUID(), "1000000", "660" };
		AutoCloseable closer;
		Function<Long, CompletionStage<?>> caller;
		switch (client) {
			case "redisson" -> {
				Config config = new Config();
				config.setCodec(org.redisson.client.codec.StringCodec.INSTANCE);
				config.useSingleServer().setAddress(url).setConnectionPoolSize(32).setConnectionMinimumIdleSize(8)
					.setTimeout(3000);
				RedissonClient redisson = Redisson.create(config);
				RScript script = redisson.getScript(org.redisson.client.codec.StringCodec.INSTANCE);
				caller = i -> {
					String[] k = keys.apply(i);
					return script.<List<?>>evalShaAsync(k[0], RScript.Mode.READ_WRITE, sha, RScript.ReturnType.LIST,
							List.<Object>of(k[0], k[1]), (Object[]) argv.apply(i)).thenApply(EdgeScriptBench::verdict);
				};
				closer = redisson::shutdown;
			}
			case "scripts" -> {
				ScriptConnection connection = ScriptConnection.open(RedisEndpoint.parse(url, null, null),
						Duration.ofSeconds(3), true, null);
				caller = i -> connection.scripting().<List<Object>>evalsha(sha, ScriptOutputType.MULTI, keys.apply(i),
						argv.apply(i)).thenApply(EdgeScriptBench::verdict);
				closer = connection::close;
			}
			default -> throw new IllegalArgumentException("client: redisson|scripts");
		}
		try {
			System.out.printf("client=%s seconds=%d cores=%d%n", client, seconds, Runtime.getRuntime().availableProcessors());
			run(caller, ids, 32, 5); // warm-up
			for (int inFlight : new int[] { 16, 32 }) {
				double[] r = run(caller, ids, inFlight, seconds);
				System.out.printf("RESULT client=%s script=edge inflight=%d ops/s=%.0f cpu_us/op=%.1f%n", client, inFlight,
						r[0], r[1]);
			}
		}
		finally {
			closer.close();
			List<String> found = sync.keys(prefix + "*");
			for (int i = 0; i < found.size(); i += 500) {
				sync.unlink(found.subList(i, Math.min(found.size(), i + 500)).toArray(String[]::new));
			}
			admin.shutdown();
		}
	}

	/** PASS (0) or the call failed: a refusal here would mean the bench measured something else. */
	static Object verdict(List<?> answer) {
		if (((Number) answer.get(0)).intValue() != 0) {
			throw new IllegalStateException("not PASS: " + answer);
		}
		return answer;
	}

	/** Keeps {@code inFlight} calls running for {@code seconds}; answers {calls/s, CPU µs per call}. */
	static double[] run(Function<Long, CompletionStage<?>> caller, AtomicLong ids, int inFlight, int seconds)
			throws InterruptedException {
		AtomicLong done = new AtomicLong();
		AtomicLong failed = new AtomicLong();
		AtomicInteger stopped = new AtomicInteger();
		running = true;
		for (int i = 0; i < inFlight; i++) {
			chain(caller, ids, done, failed, stopped);
		}
		long ops0 = done.get();
		long cpu0 = cpu();
		long t0 = System.nanoTime();
		long end = t0 + seconds * 1_000_000_000L;
		while (System.nanoTime() < end) {
			Thread.sleep(100);
		}
		long ops = done.get() - ops0;
		long cpu = cpu() - cpu0;
		double elapsed = (System.nanoTime() - t0) / 1e9;
		running = false;
		while (stopped.get() < inFlight) {
			Thread.sleep(10);
		}
		if (failed.get() > 0) {
			throw new IllegalStateException(failed.get() + " calls failed");
		}
		return new double[] { ops / elapsed, cpu / 1000.0 / ops };
	}

	static void chain(Function<Long, CompletionStage<?>> caller, AtomicLong ids, AtomicLong done, AtomicLong failed,
			AtomicInteger stopped) {
		caller.apply(ids.incrementAndGet()).whenComplete((reply, ex) -> {
			if (ex != null && failed.getAndIncrement() == 0) {
				System.err.println("call failed: " + ex);
			}
			done.incrementAndGet();
			if (running) {
				chain(caller, ids, done, failed, stopped);
			}
			else {
				stopped.incrementAndGet();
			}
		});
	}

	static long cpu() {
		return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
	}
}
