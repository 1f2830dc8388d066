// What the Redis client costs on the hot path (issue 10 point 2, ADR 0009): N callers in flight, each
// running EVALSHA of the real route or lease script (LeaseScript's sources, ScriptCall's arguments)
// and issuing its next call from the reply's callback, through one client:
//   redisson32 / redisson2    LeaseScripts' former transport: Redisson RScript.evalShaAsync (pooled connections,
//                             32 or 2 netty threads)
//   redissonbatch             Redisson coalescing: the calls that arrive while one RBatch is out go in the next
//                             (executeAsync), one batch in flight at a time (2 netty threads)
//   lettuce1 / lettuce4       raw Lettuce async evalsha on 1 shared connection / 4 round-robin (2 I/O threads)
//   scripts                   LeaseScripts as RedisConfiguration builds it (ScriptConnection: 2 Lettuce connections)
// Prints, per script and in-flight count, ops/s and the CPU of this JVM per op (process CPU time).
// Against the local Redis under its own prefix (hA:bench:...), deleted at the end. Run (JDK 21+):
//   bench/redis-client.sh [REPS] [SECONDS_PER_STEP] [CLIENTS...]   (one JVM per client and round, alternating; means)
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

	public static void main(String[] args) throws Exception {
		String client = args[0];
		int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
		String url = args.length > 2 ? args[2] : "redis://127.0.0.1:6379";
		String prefix = "hA:bench:" + UUID.randomUUID() + ":";
		base = prefix + "{00}:";
		RedisClient admin = RedisClient.create(url);
		RedisCommands<String, String> sync = admin.connect(StringCodec.UTF8).sync();
		AutoCloseable closer = () -> { };
		BiFunction<ScriptCall<?>, String, CompletionStage<?>> caller;
		switch (client) {
			case "redisson32", "redisson2" -> {
				Config config = new Config();
				config.setCodec(org.redisson.client.codec.StringCodec.INSTANCE);
				config.setNettyThreads(client.equals("redisson2") ? 2 : 32);
				config.useSingleServer().setAddress(url).setConnectionPoolSize(64).setConnectionMinimumIdleSize(8)
					.setTimeout(3000).setRetryAttempts(3);
				RedissonClient redisson = Redisson.create(config);
				// what LeaseScripts did on Redisson before ADR 0009: RScript.evalShaAsync, a pooled connection per call
				RScript script = redisson.getScript(org.redisson.client.codec.StringCodec.INSTANCE);
				Map<LeaseScript, String> shas = new ConcurrentHashMap<>();
				for (LeaseScript s : LeaseScript.values()) {
					shas.put(s, script.scriptLoad(s.source()));
				}
				caller = (call, b) -> script.<List<?>>evalShaAsync(b, RScript.Mode.READ_WRITE, shas.get(call.script()),
						RScript.ReturnType.LIST, List.of(b), call.arguments().toArray()).thenApply(call::reply);
				closer = redisson::shutdown;
			}
			case "redissonbatch" -> {
				Config config = new Config();
				config.setCodec(org.redisson.client.codec.StringCodec.INSTANCE);
				config.setNettyThreads(2);
				config.useSingleServer().setAddress(url).setConnectionPoolSize(64).setConnectionMinimumIdleSize(8)
					.setTimeout(3000).setRetryAttempts(3);
				RedissonClient redisson = Redisson.create(config);
				Coalescer coalescer = new Coalescer(redisson);
				caller = coalescer::call;
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
				Map<LeaseScript, String> shas = new ConcurrentHashMap<>();
				for (LeaseScript s : LeaseScript.values()) {
					shas.put(s, sync.scriptLoad(s.source()));
				}
				AtomicInteger next = new AtomicInteger();
				caller = (call, b) -> {
					RedisAsyncCommands<String, String> async = connections.get((next.getAndIncrement() & 0x7fffffff) % n);
					return async.<List<Object>>evalsha(shas.get(call.script()), ScriptOutputType.MULTI, new String[] { b },
							call.arguments().toArray(String[]::new)).thenApply(call::reply);
				};
				closer = () -> {
					lettuce.shutdown();
					resources.shutdown();
				};
			}
			case "scripts" -> {
				// as RedisConfiguration builds them
				ScriptConnection connection = RedisConfiguration.openScriptConnection(new RedisProperties(url, null, null,
						new RedisProperties.Tls(null, true), "hA:", 64, Duration.ofSeconds(3), 2));
				LeaseScripts scripts = new LeaseScripts(connection);
				caller = (call, b) -> scripts.callAsync(call, b);
				closer = connection::close;
			}
			default -> throw new IllegalArgumentException("client: redisson32|redisson2|redissonbatch|lettuce1|lettuce4|scripts");
		}
		try {
			sync.hset(base + "p", PLATFORM, "ACTIVE");
			// blocks of 10,000 numbers, 9,000 leases each: every lease takes a free number (BITPOS), as most binds do
			List<String> blocks = new ArrayList<>();
			for (int i = 0; i < 40; i++) {
				blocks.add(newBlock(sync, base, i));
			}
			// the route's binding: an AXB number that the caller idx-a may call
			String x = ((LeaseCall.Reply) caller.apply(lease("route-binding", blocks.get(0), 3, "idx-a", "idx-b"), base)
				.toCompletableFuture().get()).virtualNumber();
			AtomicLong ids = new AtomicLong();
			AtomicLong leases = new AtomicLong();
			java.util.function.Supplier<ScriptCall<?>> route = () -> new RouteCall(x, "call-" + ids.incrementAndGet(),
					"idx-a", "caller-ciphertext", "VOICE", 30, 600_000, 600_000, 600_000, "routed:" + ids.get(), 100_000_000);
			java.util.function.Supplier<ScriptCall<?>> leaseNext = () -> {
				long i = leases.incrementAndGet();
				return lease("b-" + i, blocks.get((int) (i / 9000) % blocks.size()), -1, "ia-" + i, "ib-" + i);
			};
			System.out.printf("client=%s seconds=%d cores=%d%n", client, seconds, Runtime.getRuntime().availableProcessors());
			run(caller, route, 32, 5); // warm-up
			run(caller, leaseNext, 32, 5);
			for (String script : List.of("route", "lease")) {
				for (int inFlight : new int[] { 16, 32, 64 }) {
					sync.del(base + "calls", base + "ev");
					double[] r = run(caller, script.equals("route") ? route : leaseNext, inFlight, seconds);
					System.out.printf("RESULT client=%s script=%s inflight=%d ops/s=%.0f cpu_us/op=%.1f%n", client, script,
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

	/** Keeps {@code inFlight} calls running for {@code seconds}; answers {ops/s, CPU µs per op}. */
	static double[] run(BiFunction<ScriptCall<?>, String, CompletionStage<?>> caller,
			java.util.function.Supplier<ScriptCall<?>> calls, int inFlight, int seconds) throws InterruptedException {
		AtomicLong done = new AtomicLong();
		AtomicLong failed = new AtomicLong();
		AtomicInteger stopped = new AtomicInteger();
		running = true;
		for (int i = 0; i < inFlight; i++) {
			chain(caller, calls, done, failed, stopped);
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
		return new double[] { ops / elapsed, cpu / 1000.0 / ops };
	}

	static void chain(BiFunction<ScriptCall<?>, String, CompletionStage<?>> caller,
			java.util.function.Supplier<ScriptCall<?>> calls, AtomicLong done, AtomicLong failed, AtomicInteger stopped) {
		caller.apply(calls.get(), base).whenComplete((reply, ex) -> {
			if ((ex != null || reply instanceof LeaseCall.Reply r && !r.leased()) && failed.getAndIncrement() == 0) {
				System.err.println("call failed: " + (ex != null ? ex : reply));
			}
			done.incrementAndGet();
			if (running) {
				chain(caller, calls, done, failed, stopped);
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

		final RScript script;

		final Map<LeaseScript, String> shas = new ConcurrentHashMap<>();

		final java.util.concurrent.ConcurrentLinkedQueue<Runnable> queue = new java.util.concurrent.ConcurrentLinkedQueue<>();

		final java.util.concurrent.atomic.AtomicBoolean out = new java.util.concurrent.atomic.AtomicBoolean();

		volatile org.redisson.api.RBatch next;

		Coalescer(RedissonClient redisson) {
			this.redisson = redisson;
			this.script = redisson.getScript(org.redisson.client.codec.StringCodec.INSTANCE);
			for (LeaseScript s : LeaseScript.values()) {
				shas.put(s, script.scriptLoad(s.source()));
			}
		}

		CompletionStage<?> call(ScriptCall<?> call, String b) {
			java.util.concurrent.CompletableFuture<Object> answer = new java.util.concurrent.CompletableFuture<>();
			queue.add(() -> next.getScript(org.redisson.client.codec.StringCodec.INSTANCE)
				.<List<?>>evalShaAsync(b, RScript.Mode.READ_WRITE, shas.get(call.script()), RScript.ReturnType.LIST, List.of(b),
						call.arguments().toArray())
				.whenComplete((values, ex) -> {
					if (ex != null) {
						answer.completeExceptionally(ex);
					}
					else {
						answer.complete(call.reply(values));
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
