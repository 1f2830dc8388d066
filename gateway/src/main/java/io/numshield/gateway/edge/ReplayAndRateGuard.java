package io.numshield.gateway.edge;

import io.numshield.gateway.apikey.ActiveKey;
import io.numshield.gateway.system.RedisKeyPrefix;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.redisson.api.RBucket;
import org.redisson.api.RFuture;
import org.redisson.api.RRateLimiter;
import org.redisson.api.RateType;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.StringCodec;
import org.springframework.stereotype.Component;

/**
 * The two checks that need shared state, sent to Redis together: the nonce (SET NX with the
 * retention as TTL) and the key's rate (Redisson's {@link RRateLimiter}, one limiter per key across
 * all gateway instances).
 */
@Component
class ReplayAndRateGuard {

	enum Verdict {
		PASS, REPLAYED, RATE_LIMITED
	}

	/** Rate-limiter state of an idle key is dropped after this. */
	private static final Duration LIMITER_KEEP_ALIVE = Duration.ofHours(1);

	private final RedissonClient redisson;

	private final RedisKeyPrefix keys;

	private final EdgeProperties properties;

	/** Key id + rate pairs whose limiter is configured already (trySetRate is one extra round trip). */
	private final Set<String> configured = ConcurrentHashMap.newKeySet();

	ReplayAndRateGuard(RedissonClient redisson, RedisKeyPrefix keys, EdgeProperties properties) {
		this.redisson = redisson;
		this.keys = keys;
		this.properties = properties;
	}

	Verdict check(ActiveKey key, String nonce) {
		RBucket<String> seen = redisson.getBucket(keys.nonce(key.keyId(), nonce), StringCodec.INSTANCE);
		RFuture<Boolean> fresh = seen.setIfAbsentAsync("1", properties.nonceRetention());
		RRateLimiter limiter = limiter(key);
		RFuture<Boolean> permitted = limiter.tryAcquireAsync();
		boolean allowed;
		try {
			allowed = permitted.toCompletableFuture().join();
		}
		catch (java.util.concurrent.CompletionException ex) {
			// the limiter's state expired after an idle hour (or Redis was flushed): configure it again
			configured.remove(key.keyId() + "@" + rateOf(key));
			allowed = limiter(key).tryAcquire();
		}
		if (!fresh.toCompletableFuture().join()) {
			return Verdict.REPLAYED;
		}
		return allowed ? Verdict.PASS : Verdict.RATE_LIMITED;
	}

	int rateOf(ActiveKey key) {
		return key.ratePerSecond() != null ? key.ratePerSecond() : properties.rateLimits().get(key.role());
	}

	private RRateLimiter limiter(ActiveKey key) {
		int rate = rateOf(key);
		RRateLimiter limiter = redisson.getRateLimiter(keys.rate(key.keyId()));
		if (configured.add(key.keyId() + "@" + rate)) {
			// setRate, not trySetRate: a key whose rate changed gets the new one
			limiter.setRate(RateType.OVERALL, rate, Duration.ofSeconds(1), LIMITER_KEEP_ALIVE);
		}
		return limiter;
	}
}
