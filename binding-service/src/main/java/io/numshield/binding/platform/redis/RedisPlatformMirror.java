package io.numshield.binding.platform.redis;

import io.numshield.binding.platform.CallbackMirror;
import io.numshield.binding.platform.OwnBlocklists;
import io.numshield.binding.platform.PlatformStatus;
import io.numshield.binding.platform.PlatformStatusMirror;
import io.numshield.core.callback.PlatformCallbacks;
import io.numshield.core.number.VirtualShard;
import io.numshield.core.redis.RedisKeys;

import org.redisson.api.RBatch;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.StringCodec;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Platforms in Redis: the status every shard's scripts read and the callback target
 * call-routing reads (the PLATFORM_STATUS_CHANGED event goes through the audit outbox).
 */
@Component
public class RedisPlatformMirror implements PlatformStatusMirror, CallbackMirror {

	private final RedissonClient redisson;

	private final RedisKeys keys;

	private final OwnBlocklists ownBlocklists;

	/**
	 * Public for the warm-up (ADR 0010), which mirrors its synthetic platform under its
	 * own key prefix (a platform without a blocklist of its own).
	 */
	public RedisPlatformMirror(RedissonClient redisson, RedisKeys keys) {
		this(redisson, keys, platformId -> false);
	}

	/**
	 * The service's: the mirror value carries the flag of a platform's own blocklist (ADR
	 * 0025).
	 */
	@Autowired
	RedisPlatformMirror(RedissonClient redisson, RedisKeys keys, OwnBlocklists ownBlocklists) {
		this.redisson = redisson;
		this.keys = keys;
		this.ownBlocklists = ownBlocklists;
	}

	@Override
	public void mirror(String platformId, PlatformStatus status, PlatformCallbacks callbacks) {
		String entry = callbacks.mirrorEntry(status.name(), ownBlocklists.has(platformId));
		RBatch batch = redisson.createBatch();
		for (VirtualShard shard : VirtualShard.all()) {
			batch.<String, String>getMap(keys.platforms(shard), StringCodec.INSTANCE).fastPutAsync(platformId, entry);
		}
		batch.execute();
	}

	@Override
	public void forget(String platformId) {
		RBatch batch = redisson.createBatch();
		for (VirtualShard shard : VirtualShard.all()) {
			batch.<String, String>getMap(keys.platforms(shard), StringCodec.INSTANCE).fastRemoveAsync(platformId);
		}
		batch.execute();
	}

	@Override
	public void mirror(String platformId, String callbackUrl, String encryptedSecret) {
		redisson.<String, String>getMap(keys.callbacks(), StringCodec.INSTANCE)
			.fastPut(platformId, callbackUrl + "|" + encryptedSecret);
	}

	@Override
	public void forgetTarget(String platformId) {
		redisson.<String, String>getMap(keys.callbacks(), StringCodec.INSTANCE).fastRemove(platformId);
	}

}
