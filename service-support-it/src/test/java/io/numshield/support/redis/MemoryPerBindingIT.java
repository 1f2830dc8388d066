package io.numshield.support.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.numshield.core.redis.LeaseCall;
import io.numshield.core.redis.LeaseScript;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ThreadLocalRandom;

import org.junit.jupiter.api.Test;
import org.redisson.api.RScript;
import org.redisson.client.codec.StringCodec;

/**
 * Redis bytes per active AXB binding, by key kind, as {@code MEMORY USAGE ... SAMPLES 0}
 * counts them (key name, value and its dictionary entry), after {@link #MEASURED} leases
 * shaped like {@code make bench}'s: every pair alone on its number, blocks of 10,000
 * numbers, bench-sized ids, real-sized blind indexes and ciphertext. The event streams
 * are left out, as make bench leaves them out (the audit service trims them). The
 * per-kind figures are printed; the test holds the total under issue 10's target (ADR
 * 0003).
 */
class MemoryPerBindingIT extends ShardScriptsITSupport {

	/**
	 * 4,000 by default; more ({@code -Dnumshield.memory.bindings=40000}) when the
	 * used_memory figure matters: the client's query buffers come and go by tens of
	 * kilobytes, about 50 B a binding at 4,000.
	 */
	private static final int BINDINGS = Integer.getInteger("numshield.memory.bindings", 4000);

	/** The bindings measured: all but the first tenth. */
	private static final int MEASURED = BINDINGS - BINDINGS / 10;

	private static final int BLOCKS = Math.max(2, BINDINGS / 4000);

	/**
	 * Issue 10's target, by MEMORY USAGE's count (used_memory grows by about as much at
	 * 40,000 leases; ADR 0003 has both): format 1 with a route hash and a load-set entry
	 * per number was 647.
	 */
	private static final int BUDGET = 400;

	private static final String PLATFORM = "bench-1764470000";

	private static final String POOL = "bench-1764470000";

	private static final SecureRandom RANDOM = new SecureRandom();

	@Override
	String platform() {
		return PLATFORM;
	}

	@Test
	void anActiveAxbBindingCostsLessThanTheBudget() {
		String first = "700" + String.format("%06d", ThreadLocalRandom.current().nextInt(1_000_000));
		String[] blocks = new String[BLOCKS];
		for (int b = 0; b < BLOCKS; b++) {
			blocks[b] = first + String.format("%02d", b);
			scripts.run(LeaseScript.INIT_BLOCK, base, blocks[b], POOL, "10000", "5", "0");
		}
		// a first tenth warms the client's connections (their buffers would count in
		// used_memory)
		lease(blocks, 0, BINDINGS / 10);
		Map<String, Long> before = usageByKind();
		long used = usedMemory();
		lease(blocks, BINDINGS / 10, BINDINGS);
		long usedGrowth = usedMemory() - used;
		Map<String, Long> after = usageByKind();

		long total = 0;
		StringBuilder report = new StringBuilder("MEMORY_PER_BINDING (MEMORY USAGE, streams apart)");
		for (Map.Entry<String, Long> kind : after.entrySet()) {
			long grown = kind.getValue() - before.getOrDefault(kind.getKey(), 0L);
			if (kind.getKey().equals("ev") || kind.getKey().equals("calls")) {
				report.append(String.format(" [stream %s %.1f]", kind.getKey(), (double) grown / MEASURED));
				continue;
			}
			total += grown;
			report.append(String.format(" %s=%.1f", kind.getKey(), (double) grown / MEASURED));
		}
		long perBinding = total / MEASURED;
		// what the stream held, as used_memory sees it: what deleting it gives back (it
		// is this test's own)
		long withStream = usedMemory();
		redisson.getKeys().delete(base + "ev");
		long streams = (withStream - usedMemory()) * MEASURED / BINDINGS; // the warm-up's
																			// events
																			// apart
		System.out.println(report.append(" total=")
			.append(perBinding)
			.append(" | used_memory growth per binding (exact only on a Redis of its own): with the stream=")
			.append(usedGrowth / MEASURED)
			.append(" without=")
			.append((usedGrowth - streams) / MEASURED));
		assertThat(perBinding).as("Redis bytes per active AXB binding, streams apart").isLessThan(BUDGET);
	}

	/**
	 * Leases bindings number from to until - 1, round robin over the blocks, each
	 * asserted leased.
	 */
	private void lease(String[] blocks, int from, int until) {
		for (int n = from; n < until; n++) {
			LeaseCall.Reply reply = scripts.call(new LeaseCall("00" + token(14), PLATFORM, "B1-" + n, "AXB",
					blocks[n % BLOCKS], -1, token(16), token(16), ciphertext(), "BOTH", false, 1_800_000L, null,
					RANDOM.nextInt(1250), "bench", Instant.now(), 5000), base);
			assertThat(reply.result()).isEqualTo("OK");
		}
	}

	/**
	 * MEMORY USAGE of every key of the shard, summed by kind (the name's first part after
	 * the base).
	 */
	private Map<String, Long> usageByKind() {
		String lua = "local cursor, sums = '0', {} repeat local r = redis.call('SCAN', cursor, 'MATCH', ARGV[1], 'COUNT', 1000) "
				+ "cursor = r[1] for _, k in ipairs(r[2]) do local kind = string.match(string.sub(k, #ARGV[2] + 1), '^[^:]+') "
				+ "sums[kind] = (sums[kind] or 0) + redis.call('MEMORY', 'USAGE', k, 'SAMPLES', 0) end until cursor == '0' "
				+ "local out = {} for k, v in pairs(sums) do out[#out + 1] = k out[#out + 1] = v end return out";
		java.util.List<Object> flat = redisson.getScript(StringCodec.INSTANCE)
			.eval(RScript.Mode.READ_ONLY, lua, RScript.ReturnType.LIST, java.util.List.of(),
					base.replace("{", "\\{").replace("}", "\\}") + "*", base);
		Map<String, Long> sums = new TreeMap<>();
		for (int i = 0; i < flat.size(); i += 2) {
			sums.put((String) flat.get(i), ((Number) flat.get(i + 1)).longValue());
		}
		return sums;
	}

	private static long usedMemory() {
		String info = redisson.getScript(StringCodec.INSTANCE)
			.eval(RScript.Mode.READ_ONLY, "return redis.call('INFO', 'memory')", RScript.ReturnType.VALUE,
					java.util.List.of());
		return Long.parseLong(info.replaceAll("(?s).*\\bused_memory:(\\d+).*", "$1"));
	}

	private static String token(int length) {
		byte[] bytes = new byte[length];
		RANDOM.nextBytes(bytes);
		return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes).substring(0, length);
	}

	/**
	 * As long as a real parties ciphertext: 62 bytes in base64 (83 characters with no
	 * padding).
	 */
	private static String ciphertext() {
		byte[] bytes = new byte[62];
		RANDOM.nextBytes(bytes);
		return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
	}

}
