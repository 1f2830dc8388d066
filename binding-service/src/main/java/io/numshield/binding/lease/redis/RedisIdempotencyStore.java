package io.numshield.binding.lease.redis;

import io.numshield.binding.lease.IdempotencyStore;
import io.numshield.core.redis.RedisKeys;

import java.time.Duration;
import java.util.concurrent.CompletionStage;

import org.redisson.api.RBucket;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.StringCodec;
import org.springframework.stereotype.Component;

/**
 * Idempotency records: {@code <prefix>idem:<platform>:<sha256(key)>} =
 * {@code P|fingerprint} while running, {@code D|fingerprint|response} when done. The
 * fingerprint is a keyed HMAC of the body (never the body or an unkeyed hash of it); the
 * response holds masked numbers only.
 */
@Component
class RedisIdempotencyStore implements IdempotencyStore {

	private final RedissonClient redisson;

	private final RedisKeys keys;

	RedisIdempotencyStore(RedissonClient redisson, RedisKeys keys) {
		this.redisson = redisson;
		this.keys = keys;
	}

	@Override
	public Claim claim(String platformId, String key, String fingerprint, Duration ttl) {
		RBucket<String> bucket = bucket(platformId, key);
		if (bucket.setIfAbsent("P|" + fingerprint, ttl)) {
			return new Claim(true, fingerprint, null);
		}
		String value = bucket.get();
		if (value == null) {
			return claim(platformId, key, fingerprint, ttl);
		}
		String[] parts = value.split("\\|", 3);
		return new Claim(false, parts[1], parts[0].equals("D") ? parts[2] : null);
	}

	@Override
	public void complete(String platformId, String key, String fingerprint, String response, Duration ttl) {
		bucket(platformId, key).set("D|" + fingerprint + "|" + response, ttl);
	}

	@Override
	public CompletionStage<Void> completeAsync(String platformId, String key, String fingerprint, String response,
			Duration ttl) {
		return bucket(platformId, key).setAsync("D|" + fingerprint + "|" + response, ttl);
	}

	@Override
	public void abandon(String platformId, String key) {
		bucket(platformId, key).delete();
	}

	@Override
	public CompletionStage<Void> abandonAsync(String platformId, String key) {
		return bucket(platformId, key).deleteAsync().thenApply(deleted -> null);
	}

	private RBucket<String> bucket(String platformId, String key) {
		return redisson.getBucket(keys.idempotency(platformId, key), StringCodec.INSTANCE);
	}

}
