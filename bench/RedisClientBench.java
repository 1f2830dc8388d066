// What the Redis client costs on the hot path (issue 10 points 2 and 6, ADR 0009): N callers in flight,
// each running EVALSHA of a real script and issuing its next call from the reply's callback, through
// one client. The workloads (WORKLOADS, default "route lease"):
//   route / lease             the route and lease scripts (LeaseScript's sources, ScriptCall's arguments)
//   edge                      the gateway's edge-check.lua (nonce + GCRA, as ReplayAndRateGuard calls it: rate
//                             key first, a fresh nonce each call, the rate 1,000,000/s bench/gateway.sh gives its keys)
// The clients:
//   redisson32 / redisson2    LeaseScripts' former transport: Redisson RScript.evalShaAsync (pooled connections,
//                             32 or 2 netty threads)
//   redissonbatch             Redisson coalescing: the calls that arrive while one RBatch is out go in the next
//                             (executeAsync), one batch in flight at a time (2 netty threads)
//   lettuce1 / lettuce4       raw Lettuce async evalsha on 1 shared connection / 4 round-robin (2 I/O threads)
//   scripts                   LeaseScripts as RedisConfiguration builds it (ScriptConnection: 2 Lettuce connections);
//                             for edge, the same ScriptConnection as the gateway's edge uses
// Prints, per workload and in-flight count, ops/s and the CPU of this JVM per op (process CPU time).
// Against the local Redis under its own prefix (hA:bench:...), deleted at the end. Run (JDK 21+):
//   WORKLOADS="route lease edge" bench/redis-client.sh [REPS] [SECONDS_PER_STEP] [CLIENTS...]
//   (one JVM per client and round, alternating; medians)
// or one JVM:
//   ./mvnw -B -ntp -q -pl service-support -am compile dependency:build-classpath -Dmdep.outputFile=/tmp/cp.txt
//   java -cp "$(cat /tmp/cp.txt):service-support/target/classes" bench/RedisClientBench.java CLIENT [SECONDS_PER_STEP] [REDIS_URL]
import io.lettuce.core.RedisClient;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import io.numshield.core.redis.LeaseCall;
import io.numshield.core.redis.LeaseScript;
import io.numshield.core.redis.RouteCall;
import io.numshield.core.redis.ScriptCall;
import io.numshield.support.redis.LeaseScripts;
import io.numshield.support.redis.RedisProperties;
import io.numshield.core.redis.ScriptConnection;
import io.numshield.support.redis.RedisConfiguration;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiFunction;

import org.redisson.Redisson;
import org.redisson.api.RScript;
import org.redisson.api.RedissonClient;
import org.redisson.config.Config;

public class RedisClientBench {

	static final String PLATFORM = "plat-bench";

	static volatile boolean running;

	static String base;

	/** One EVALSHA through the client under test: its sha, its keys (the first routes it), its arguments. */
	interface Raw {

		CompletionStage<List<?>> evalsha(String sha, String[] keys, String[] args);
	}

	public static void main(String[] args) throws Exception {
		String client = args[0];
		int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
		String url = args.length > 2 ? args[2] : "redis://127.0.0.1:6379";
		List<String> workloads = List.of(System.getenv().getOrDefault("WORKLOADS", "route lease").trim().split("\\s+"));
		String prefix = "hA:bench:" + UUID.randomUUID() + ":";
		base = prefix + "{00}:";
		RedisClient admin = RedisClient.create(url);
		RedisCommands<String, String> sync = admin.connect(StringCodec.UTF8).sync();
		Map<LeaseScript, String> shas = new ConcurrentHashMap<>();
		for (LeaseScript s : LeaseScript.values()) {
			shas.put(s, sync.scriptLoad(s.source()));
		}
		AutoCloseable closer;
		Raw raw;
		LeaseScripts typed = null;
		switch (client) {
			case "redisson32", "redisson2", "redissonbatch" -> {
				Config config = new Config();
				config.setCodec(org.redisson.client.codec.StringCodec.INSTANCE);
				config.setNettyThreads(client.equals("redisson32") ? 32 : 2);
				config.useSingleServer().setAddress(url).setConnectionPoolSize(64).setConnectionMinimumIdleSize(8)
					.setTimeout(3000).setRetryAttempts(3);
				RedissonClient redisson = Redisson.create(config);
				if (client.equals("redissonbatch")) {
					raw = new Coalescer(redisson)::evalsha;
				}
				else {
					// what LeaseScripts (and the gateway's edge) did on Redisson before ADR 0009:
					// RScript.evalShaAsync, a pooled connection per call
					RScript script = redisson.getScript(org.redisson.client.codec.StringCodec.INSTANCE);
					raw = (sha, keys, argv) -> script.<List<?>>evalShaAsync(keys[0], RScript.Mode.READ_WRITE, sha,
							RScript.ReturnType.LIST, List.<Object>of((Object[]) keys), (Object[]) argv);
				}
				closer = redisson::shutdown;
			}
			case "lettuce1", "lettuce4" -> {
				ClientResources resources = DefaultClientResources.builder().ioThreadPoolSize(2)
					.computationThreadPoolSize(2).build();
				RedisClient lettuce = RedisClient.create(resources, url);
				int n = client.equals("lettuce4") ? 4 : 1;
				List<RedisAsyncCommands<String, String>> connections = new ArrayList<>();
				for (int i = 0; i < n; i++) {
					StatefulRedisConnection<String, String> c = lettuce.connect(StringCodec.UTF8);
					connections.add(c.async());
				}
				AtomicInteger next = new AtomicInteger();
				raw = (sha, keys, argv) -> connections.get((next.getAndIncrement() & 0x7fffffff) % n)
					.<List<?>>evalsha(sha, ScriptOutputType.MULTI, keys, argv);
				closer = () -> {
					lettuce.shutdown();
					resources.shutdown();
				};
			}
			case "scripts" -> {
				// as RedisConfiguration builds it
				ScriptConnection connection = RedisConfiguration.openScriptConnection(new RedisProperties(url, null, null,
						new RedisProperties.Tls(null, true), "hA:", 64, Duration.ofSeconds(3), 2));
				raw = (sha, keys, argv) -> connection.scripting().<List<?>>evalsha(sha, ScriptOutputType.MULTI, keys, argv);
				typed = new LeaseScripts(connection);
				closer = connection::close;
			}
			default -> throw new IllegalArgumentException("client: redisson32|redisson2|redissonbatch|lettuce1|lettuce4|scripts");
		}
		// the lease and route scripts: through LeaseScripts for "scripts" (its typed calls), else raw
		BiFunction<ScriptCall<?>, String, CompletionStage<?>> caller = typed != null ? typed::callAsync
				: (call, b) -> raw.evalsha(shas.get(call.script()), new String[] { b }, call.arguments().toArray(String[]::new))
					.thenApply(call::reply);
		try {
			System.out.printf("client=%s seconds=%d cores=%d%n", client, seconds, Runtime.getRuntime().availableProcessors());
			for (String workload : workloads) {
				java.util.function.Supplier<CompletionStage<?>> calls = switch (workload) {
					case "route" -> routes(sync, caller);
					case "lease" -> leases(sync, caller);
					case "edge" -> edges(sync, raw, prefix);
					default -> throw new IllegalArgumentException("workload: route|lease|edge");
				};
				run(calls, 32, 5); // warm-up
				for (int inFlight : new int[] { 16, 32, 64 }) {
					sync.del(base + "calls", base + "ev");
					double[] r = run(calls, inFlight, seconds);
					System.out.printf("RESULT client=%s script=%s inflight=%d ops/s=%.0f cpu_us/op=%.1f%n", client, workload,
							inFlight, r[0], r[1]);
				}
			}
		}
		finally {
			closer.close();
			List<String> keys = sync.keys(prefix.replace("{", "\\{").replace("}", "\\}") + "*");
			for (int i = 0; i < keys.size(); i += 500) {
				sync.unlink(keys.subList(i, Math.min(keys.size(), i + 500)).toArray(String[]::new));
			}
			admin.shutdown();
		}
	}

	/** Routes of one AXB binding's party A, each a new call id. */
	static java.util.function.Supplier<CompletionStage<?>> routes(RedisCommands<String, String> sync,
			BiFunction<ScriptCall<?>, String, CompletionStage<?>> caller) throws Exception {
		sync.hset(base + "p", PLATFORM, "ACTIVE");
		String block = newBlock(sync, base, 99);
		String x = ((LeaseCall.Reply) caller.apply(lease("route-binding", block, 3, "idx-a", "idx-b"), base)
			.toCompletableFuture().get()).virtualNumber();
		AtomicLong ids = new AtomicLong();
		return () -> caller.apply(new RouteCall(x, "call-" + ids.incrementAndGet(), "idx-a", "caller-ciphertext", "VOICE", 30,
				600_000, 600_000, 600_000, "routed:" + ids.get(), 100_000_000), base);
	}

	/** Leases over blocks of 10,000 numbers, 9,000 each: every lease takes a free number (BITPOS), as most binds do. */
	static java.util.function.Supplier<CompletionStage<?>> leases(RedisCommands<String, String> sync,
			BiFunction<ScriptCall<?>, String, CompletionStage<?>> caller) {
		sync.hset(base + "p", PLATFORM, "ACTIVE");
		List<String> blocks = new ArrayList<>();
		for (int i = 0; i < 40; i++) {
			blocks.add(newBlock(sync, base, i));
		}
		AtomicLong leases = new AtomicLong();
		return () -> {
			long i = leases.incrementAndGet();
			return caller.apply(lease("b-" + i, blocks.get((int) (i / 9000) % blocks.size()), -1, "ia-" + i, "ib-" + i),
					base);
		};
	}

	/** The edge check of 64 API keys, as ReplayAndRateGuard names them: {rate, nonces of this minute}, nonce, rate, TTL. */
	static java.util.function.Supplier<CompletionStage<?>> edges(RedisCommands<String, String> sync, Raw raw, String prefix)
			throws Exception {
		String sha = sync.scriptLoad(java.nio.file.Files.readString(
				java.nio.file.Path.of("gateway/src/main/resources/io/numshield/gateway/edge/edge-check.lua")));
		AtomicLong ids = new AtomicLong();
		return () -> {
			long i = ids.incrementAndGet();
			String[] keys = { prefix + "gw:rate:{pk_" + (i % 64) + "}",
					prefix + "gw:nonces:{pk_" + (i % 64) + "}:" + (System.currentTimeMillis() / 60_000) };
			return raw.evalsha(sha, keys, new String[] { "n" + i + "-" + UUID.randomUUID(), "1000000", "660" })
				.thenApply(answer -> {
					// PASS (0), or a refusal: the bench would be measuring something else
					if (((Number) answer.get(0)).intValue() != 0) {
						throw new IllegalStateException("not PASS: " + answer);
					}
					return answer;
				});
		};
	}

	/** Keeps {@code inFlight} calls running for {@code seconds}; answers {ops/s, CPU µs per op}. */
	static double[] run(java.util.function.Supplier<CompletionStage<?>> calls, int inFlight, int seconds)
			throws InterruptedException {
		AtomicLong done = new AtomicLong();
		AtomicLong failed = new AtomicLong();
		AtomicInteger stopped = new AtomicInteger();
		running = true;
		for (int i = 0; i < inFlight; i++) {
			chain(calls, done, failed, stopped);
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

	static void chain(java.util.function.Supplier<CompletionStage<?>> calls, AtomicLong done, AtomicLong failed,
			AtomicInteger stopped) {
		calls.get().whenComplete((reply, ex) -> {
			if ((ex != null || reply instanceof LeaseCall.Reply r && !r.leased()) && failed.getAndIncrement() == 0) {
				System.err.println("call failed: " + (ex != null ? ex : reply));
			}
			done.incrementAndGet();
			if (running) {
				chain(calls, done, failed, stopped);
			}
			else {
				stopped.incrementAndGet();
			}
		});
	}

	static String newBlock(RedisCommands<String, String> sync, String base, int i) {
		String block = "7009" + String.format("%03d", i);
		sync.evalsha(sync.scriptLoad(LeaseScript.INIT_BLOCK.source()), ScriptOutputType.VALUE, new String[] { base },
				block, "pool-bench", "10000", "5", "0");
		return block;
	}

	static LeaseCall lease(String id, String block, int index, String a, String b) {
		return new LeaseCall(id, PLATFORM, "ORD-" + id, "AXB", block, index, a, b, "parties-ciphertext", "BOTH", true,
				600_000L, null, index < 0 ? (int) (Math.random() * 1250) : 0, "consent", Instant.now(), 1000);
	}

	static long cpu() {
		return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
	}

	/** Redisson's pipelining: what arrives while a batch is out goes into the next one. */
	static final class Coalescer {

		final RedissonClient redisson;

		final java.util.concurrent.ConcurrentLinkedQueue<Runnable> queue = new java.util.concurrent.ConcurrentLinkedQueue<>();

		final java.util.concurrent.atomic.AtomicBoolean out = new java.util.concurrent.atomic.AtomicBoolean();

		volatile org.redisson.api.RBatch next;

		Coalescer(RedissonClient redisson) {
			this.redisson = redisson;
		}

		CompletionStage<List<?>> evalsha(String sha, String[] keys, String[] args) {
			java.util.concurrent.CompletableFuture<List<?>> answer = new java.util.concurrent.CompletableFuture<>();
			queue.add(() -> next.getScript(org.redisson.client.codec.StringCodec.INSTANCE)
				.<List<?>>evalShaAsync(keys[0], RScript.Mode.READ_WRITE, sha, RScript.ReturnType.LIST,
						List.<Object>of((Object[]) keys), (Object[]) args)
				.whenComplete((values, ex) -> {
					if (ex != null) {
						answer.completeExceptionally(ex);
					}
					else {
						answer.complete(values);
					}
				}));
			flush();
			return answer;
		}

		void flush() {
			while (!queue.isEmpty() && out.compareAndSet(false, true)) {
				next = redisson.createBatch(org.redisson.api.BatchOptions.defaults());
				int n = 0;
				for (Runnable add; (add = queue.poll()) != null;) {
					add.run();
					n++;
				}
				if (n == 0) {
					out.set(false);
					continue;
				}
				next.executeAsync().whenComplete((r, ex) -> {
					out.set(false);
					flush();
				});
				return;
			}
		}
	}
}
