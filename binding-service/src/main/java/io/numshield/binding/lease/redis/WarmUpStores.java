package io.numshield.binding.lease.redis;

import io.numshield.binding.lease.IdempotencyStore;
import io.numshield.binding.lease.LeaseProperties;
import io.numshield.binding.lease.LeaseStore;
import io.numshield.binding.platform.PlatformStatus;
import io.numshield.binding.platform.redis.RedisPlatformMirror;
import io.numshield.binding.pool.BlockTerms;
import io.numshield.binding.pool.redis.RedisBlockRegistry;
import io.numshield.core.callback.PlatformCallbacks;
import io.numshield.core.number.ManagementNumber;
import io.numshield.core.redis.CallControls;
import io.numshield.core.redis.RedisKeys;
import io.numshield.support.redis.LeaseScripts;

import org.redisson.api.RedissonClient;
import org.springframework.stereotype.Component;

/**
 * The Redis stores of the warm-up (ADR 0010), on the warm-up's key prefix: the same
 * classes as the service's, so that the warm-up runs their code, and a synthetic platform
 * and block there. Made here, so that the warm-up (a web adapter) needs no Redis client
 * of its own.
 */
@Component
public class WarmUpStores {

	private final RedissonClient redisson;

	private final LeaseScripts scripts;

	private final LeaseProperties properties;

	WarmUpStores(RedissonClient redisson, LeaseScripts scripts, LeaseProperties properties) {
		this.redisson = redisson;
		this.scripts = scripts;
		this.properties = properties;
	}

	/**
	 * The stores under {@code keys} (the warm-up's prefix), with {@code platformId}
	 * ACTIVE and {@code block} leasable for {@code poolId} there.
	 */
	public Prepared prepare(RedisKeys keys, String platformId, String poolId, ManagementNumber block,
			int maxBindingsPerNumber) {
		new RedisPlatformMirror(redisson, keys).mirror(platformId, PlatformStatus.ACTIVE, PlatformCallbacks.DEFAULT);
		new RedisBlockRegistry(redisson, keys, scripts).register(block,
				new BlockTerms(poolId, maxBindingsPerNumber, 0, 4, 1000, CallControls.NONE));
		return new Prepared(new RedisLeaseStore(redisson, keys, scripts, properties),
				new RedisIdempotencyStore(redisson, keys));
	}

	/** The warm-up's lease and idempotency stores. */
	public record Prepared(LeaseStore leases, IdempotencyStore idempotency) {
	}

}
