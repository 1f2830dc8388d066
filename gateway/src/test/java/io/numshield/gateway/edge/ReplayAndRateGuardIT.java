package io.numshield.gateway.edge;

import static org.assertj.core.api.Assertions.assertThat;

import io.numshield.client.Ns1Signature;
import io.numshield.core.redis.RedisEndpoint;
import io.numshield.core.redis.ScriptConnection;
import io.numshield.core.token.Role;
import io.numshield.gateway.apikey.ActiveKey;
import io.numshield.gateway.edge.ReplayAndRateGuard.Decision;
import io.numshield.gateway.edge.ReplayAndRateGuard.Verdict;
import io.numshield.gateway.system.RedisKeyPrefix;
import io.numshield.testsupport.TestInfrastructure;

import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.redisson.api.RScript;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.StringCodec;
import org.springframework.test.util.ReflectionTestUtils;
import org.springframework.util.unit.DataSize;

/**
 * The edge's Redis script on the run's real Redis, without HTTP in the way: the GCRA
 * bucket (burst, refusal, Retry-After, refill), the nonce sets (replays, what a refusal
 * leaves behind, their memory) and two gateway instances (two clients, two guards)
 * sharing one key's budget. No assertion is on speed: where time matters, the bound is
 * computed from the time that actually passed.
 */
class ReplayAndRateGuardIT {

	private static final EdgeProperties PROPERTIES = new EdgeProperties(Duration.ofSeconds(300),
			Duration.ofSeconds(600), DataSize.ofKilobytes(64), Duration.ofMinutes(5), Duration.ofSeconds(60),
			Map.of(Role.PLATFORM, 2000, Role.CARRIER, 4000, Role.REGULATOR, 20, Role.OPERATOR, 100));

	private static final RedisKeyPrefix KEYS = new RedisKeyPrefix(TestInfrastructure.get().keyPrefix());

	/** What the tests read Redis's state with: not the guard's connection. */
	private static final RedissonClient REDIS = client();

	private static final ScriptConnection SCRIPTS = scripts();

	/** A second connection: what a second gateway instance has. */
	private static final ScriptConnection OTHER_SCRIPTS = scripts();

	private final ReplayAndRateGuard guard = new ReplayAndRateGuard(SCRIPTS, KEYS, PROPERTIES);

	@AfterAll
	static void close() {
		REDIS.shutdown();
		SCRIPTS.close();
		OTHER_SCRIPTS.close();
	}

	@Test
	void letsABurstOfTheRateThroughThenRefusesUntilAPermitIsFree() {
		ActiveKey key = key(5);
		long started = System.nanoTime();
		int passed = 0;
		Decision refused = null;
		for (int i = 0; i < 1000 && refused == null; i++) {
			Decision decision = guard.check(key, now(), Ns1Signature.nonce());
			if (decision.verdict() == Verdict.PASS) {
				passed++;
			}
			else {
				refused = decision;
			}
		}
		double elapsed = (System.nanoTime() - started) / 1e9;
		assertThat(refused).isNotNull();
		assertThat(refused.verdict()).isEqualTo(Verdict.RATE_LIMITED);
		// a full bucket: 5 at once; then one per 200 ms of what actually passed
		assertThat(passed).isGreaterThanOrEqualTo(5).isLessThanOrEqualTo(5 + (int) Math.ceil(elapsed * 5));
		assertThat(refused.retryAfterMillis()).isBetween(1L, 200L);
		assertThat(refused.retryAfterSeconds()).isEqualTo(1);

		sleep(refused.retryAfterMillis());
		assertThat(guard.check(key, now(), Ns1Signature.nonce()).verdict()).isEqualTo(Verdict.PASS);
	}

	/**
	 * The hot path's asynchronous check decides as the blocking one: pass, replay, rate,
	 * on one key's state.
	 */
	@Test
	void theAsynchronousCheckDecidesAsTheBlockingOne() {
		ActiveKey key = key(1);
		long timestamp = now();
		String nonce = Ns1Signature.nonce();
		assertThat(guard.checkAsync(key, timestamp, nonce).toCompletableFuture().join().verdict())
			.isEqualTo(Verdict.PASS);
		assertThat(guard.check(key, timestamp, nonce).verdict()).isEqualTo(Verdict.REPLAYED);
		assertThat(guard.checkAsync(key, timestamp, nonce).toCompletableFuture().join().verdict())
			.isEqualTo(Verdict.REPLAYED);
		Decision limited = guard.checkAsync(key, timestamp, Ns1Signature.nonce()).toCompletableFuture().join();
		assertThat(limited.verdict()).isEqualTo(Verdict.RATE_LIMITED);
		assertThat(limited.retryAfterMillis()).isBetween(1L, 1000L);
	}

	@Test
	void refusesAReplayedNonceWithoutTakingAPermit() {
		ActiveKey key = key(1);
		long timestamp = now();
		String nonce = Ns1Signature.nonce();
		assertThat(guard.check(key, timestamp, nonce).verdict()).isEqualTo(Verdict.PASS);
		String state = REDIS.<String>getBucket(KEYS.rate(key.keyId()), StringCodec.INSTANCE).get();

		for (int i = 0; i < 5; i++) {
			// the bucket of 1 is empty, yet the answer is REPLAYED: the nonce is checked
			// first
			assertThat(guard.check(key, timestamp, nonce).verdict()).isEqualTo(Verdict.REPLAYED);
		}
		assertThat(REDIS.<String>getBucket(KEYS.rate(key.keyId()), StringCodec.INSTANCE).get()).isEqualTo(state);
	}

	@Test
	void aRequestRefusedForItsRateMayBeRetriedWithTheSameNonce() {
		ActiveKey key = key(2);
		long timestamp = now();
		Decision refused = null;
		String nonce = null;
		for (int i = 0; i < 1000 && refused == null; i++) {
			nonce = Ns1Signature.nonce();
			Decision decision = guard.check(key, timestamp, nonce);
			refused = decision.verdict() == Verdict.RATE_LIMITED ? decision : null;
		}
		assertThat(refused).isNotNull();
		assertThat(REDIS.getSet(KEYS.nonces(key.keyId(), bucket(timestamp)), StringCodec.INSTANCE).contains(nonce))
			.isFalse();

		sleep(refused.retryAfterMillis());
		assertThat(guard.check(key, timestamp, nonce).verdict()).isEqualTo(Verdict.PASS);
		assertThat(guard.check(key, timestamp, nonce).verdict()).isEqualTo(Verdict.REPLAYED);
	}

	@Test
	void nonceSetsOfOtherKeysAndOtherTimestampBucketsDoNotCollide() {
		ActiveKey one = key(1000);
		ActiveKey other = key(1000);
		long start = bucket(now()) * ReplayAndRateGuard.NONCE_BUCKET_SECONDS;
		String nonce = Ns1Signature.nonce();

		assertThat(guard.check(one, start, nonce).verdict()).isEqualTo(Verdict.PASS);
		assertThat(guard.check(other, start, nonce).verdict()).isEqualTo(Verdict.PASS);
		assertThat(guard.check(one, start + ReplayAndRateGuard.NONCE_BUCKET_SECONDS, nonce).verdict())
			.isEqualTo(Verdict.PASS);
		// the same bucket with another Timestamp: still the same nonce for this key
		// (documented)
		assertThat(guard.check(one, start + ReplayAndRateGuard.NONCE_BUCKET_SECONDS - 1, nonce).verdict())
			.isEqualTo(Verdict.REPLAYED);
		assertThat(guard.check(other, start, nonce).verdict()).isEqualTo(Verdict.REPLAYED);
	}

	@Test
	void keepsOneNonceSetPerKeyAndBucketThatExpires() {
		ActiveKey key = key(1000);
		long start = bucket(now()) * ReplayAndRateGuard.NONCE_BUCKET_SECONDS;
		for (int i = 0; i < 300; i++) {
			assertThat(guard.check(key, start + i % ReplayAndRateGuard.NONCE_BUCKET_SECONDS, Ns1Signature.nonce())
				.verdict()).isEqualTo(Verdict.PASS);
		}
		List<String> nonceKeys = REDIS.getKeys()
			.getKeysStreamByPattern(KEYS.prefix() + "gw:nonces:{" + key.keyId() + "}:*")
			.toList();
		assertThat(nonceKeys).containsExactly(KEYS.nonces(key.keyId(), bucket(start)));
		assertThat(REDIS.getSet(nonceKeys.get(0), StringCodec.INSTANCE).size()).isEqualTo(300);
		long ttl = REDIS.getSet(nonceKeys.get(0), StringCodec.INSTANCE).remainTimeToLive();
		assertThat(ttl).isPositive().isLessThanOrEqualTo((600 + ReplayAndRateGuard.NONCE_BUCKET_SECONDS) * 1000);
		// nothing else of this key but its GCRA state, which lives only until the bucket
		// is full again
		assertThat(REDIS.getKeys().getKeysStreamByPattern(KEYS.prefix() + "gw:*{" + key.keyId() + "}*").toList())
			.isSubsetOf(nonceKeys.get(0), KEYS.rate(key.keyId()));
		assertThat(REDIS.getBucket(KEYS.rate(key.keyId()), StringCodec.INSTANCE).remainTimeToLive()).isNotEqualTo(-1L)
			.isLessThanOrEqualTo(1001L);
	}

	@Test
	void theBenchmarksRateOfAMillionPerSecondAddsOneMicrosecondPerRequest() {
		ActiveKey key = key(1_000_000);
		int sampled = 0;
		for (int i = 0; i < 2000; i++) {
			assertThat(guard.check(key, now(), Ns1Signature.nonce()).verdict()).isEqualTo(Verdict.PASS);
			// the state lives a millisecond or two (until the bucket is full again): read
			// it at once
			String stored = REDIS.<String>getBucket(KEYS.rate(key.keyId()), StringCodec.INSTANCE).get();
			if (stored != null) {
				sampled++;
				double ahead = Double.parseDouble(stored) - redisMicros();
				// at most i + 1 µs ahead of Redis's clock (less: time passed), never a
				// huge or a broken value
				assertThat(ahead).isLessThanOrEqualTo(i + 1).isGreaterThan(-10_000_000);
			}
		}
		assertThat(sampled).isPositive();
	}

	private static double redisMicros() {
		List<Object> time = REDIS.getScript(StringCodec.INSTANCE)
			.eval(RScript.Mode.READ_ONLY, "return redis.call('TIME')", RScript.ReturnType.LIST);
		return Long.parseLong(String.valueOf(time.get(0))) * 1e6 + Long.parseLong(String.valueOf(time.get(1)));
	}

	@Test
	void twoGatewayInstancesShareOneKeysBudgetAndItsNonces() {
		ReplayAndRateGuard second = new ReplayAndRateGuard(OTHER_SCRIPTS, KEYS, PROPERTIES);
		ActiveKey key = key(20);
		long started = System.nanoTime();
		int passed = 0;
		boolean refused = false;
		for (int i = 0; i < 2000 && !refused; i++) {
			Verdict verdict = (i % 2 == 0 ? guard : second).check(key, now(), Ns1Signature.nonce()).verdict();
			passed += verdict == Verdict.PASS ? 1 : 0;
			refused = verdict == Verdict.RATE_LIMITED;
		}
		double elapsed = (System.nanoTime() - started) / 1e9;
		assertThat(refused).isTrue();
		// one bucket of 20 for both, not 20 each
		assertThat(passed).isGreaterThanOrEqualTo(20).isLessThanOrEqualTo(20 + (int) Math.ceil(elapsed * 20));

		long timestamp = now();
		String nonce = Ns1Signature.nonce();
		ActiveKey fast = key(1000);
		assertThat(guard.check(fast, timestamp, nonce).verdict()).isEqualTo(Verdict.PASS);
		assertThat(second.check(fast, timestamp, nonce).verdict()).isEqualTo(Verdict.REPLAYED);
	}

	@Test
	void aLoweredRateAppliesFromTheNextRequest() {
		String keyId = keyId();
		ActiveKey fast = new ActiveKey(keyId, Role.PLATFORM, "plat-guard", "unused", 1000, null);
		ActiveKey slow = new ActiveKey(keyId, Role.PLATFORM, "plat-guard", "unused", 2, null);
		for (int i = 0; i < 10; i++) {
			assertThat(guard.check(fast, now(), Ns1Signature.nonce()).verdict()).isEqualTo(Verdict.PASS);
		}
		long started = System.nanoTime();
		int passed = 0;
		boolean refused = false;
		for (int i = 0; i < 2000 && !refused; i++) {
			Verdict verdict = guard.check(slow, now(), Ns1Signature.nonce()).verdict();
			passed += verdict == Verdict.PASS ? 1 : 0;
			refused = verdict == Verdict.RATE_LIMITED;
		}
		double elapsed = (System.nanoTime() - started) / 1e9;
		assertThat(refused).isTrue();
		// at 2/s: what the 10 took at 1000/s (10 ms) still counts, then 2 per second, not
		// 1000
		assertThat(passed).isLessThanOrEqualTo(2 + (int) Math.ceil(elapsed * 2));
	}

	@Test
	void loadsTheScriptAgainWhenRedisNoLongerKnowsIt() {
		ActiveKey key = key(1000);
		assertThat(guard.check(key, now(), Ns1Signature.nonce()).verdict()).isEqualTo(Verdict.PASS);
		// as after a Redis restart: a SHA Redis does not know (SCRIPT FLUSH would disturb
		// other runs)
		knownShas(guard).replaceAll((source, sha) -> "0".repeat(40));
		assertThat(guard.check(key, now(), Ns1Signature.nonce()).verdict()).isEqualTo(Verdict.PASS);
		// the hot path's check reloads it without waiting, too
		knownShas(guard).replaceAll((source, sha) -> "0".repeat(40));
		assertThat(guard.checkAsync(key, now(), Ns1Signature.nonce()).toCompletableFuture().join().verdict())
			.isEqualTo(Verdict.PASS);
		assertThat(knownShas(guard).values()).isNotEmpty().doesNotContain("0".repeat(40));
	}

	/**
	 * The SHAs the guard's connection runs its scripts by (ScriptConnection#evalAsync).
	 */
	@SuppressWarnings("unchecked")
	private static java.util.Map<String, String> knownShas(ReplayAndRateGuard guard) {
		return (java.util.Map<String, String>) ReflectionTestUtils
			.getField(ReflectionTestUtils.getField(guard, "redis"), "shas");
	}

	private static ActiveKey key(int ratePerSecond) {
		return new ActiveKey(keyId(), Role.PLATFORM, "plat-guard", "unused", ratePerSecond, null);
	}

	private static String keyId() {
		byte[] random = new byte[10];
		ThreadLocalRandom.current().nextBytes(random);
		return "pk_" + HexFormat.of().formatHex(random);
	}

	private static long now() {
		return Instant.now().getEpochSecond();
	}

	private static long bucket(long timestamp) {
		return Math.floorDiv(timestamp, ReplayAndRateGuard.NONCE_BUCKET_SECONDS);
	}

	private static void sleep(long millis) {
		try {
			Thread.sleep(millis + 5);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	private static ScriptConnection scripts() {
		return ScriptConnection.open(RedisEndpoint.parse(TestInfrastructure.get().redisUrl(), null, null),
				Duration.ofSeconds(3), true, null);
	}

	private static RedissonClient client() {
		return TestInfrastructure.get().redisson();
	}

}
