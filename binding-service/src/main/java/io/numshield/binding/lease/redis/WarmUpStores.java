package io.numshield.binding.lease.redis;

import io.numshield.binding.lease.IdempotencyStore;
import io.numshield.binding.lease.LeaseStore;
import io.numshield.binding.platform.PlatformStatus;
import io.numshield.binding.system.BindingProperties;
import io.numshield.core.number.ManagementNumber;
import io.numshield.core.redis.RedisKeys;
import io.numshield.support.redis.LeaseScripts;

import org.redisson.api.RedissonClient;

/**
 * The Redis stores of the warm-up (ADR 0010), on the warm-up's key prefix: the same classes as the
 * service's, so that the warm-up runs their code, and a synthetic platform and block there.
 */
public final class WarmUpStores {

	private final RedisLeaseStore leases;

	private final RedisIdempotencyStore idempotency;

	private final RedisShardMirrors mirrors;

	public WarmUpStores(RedissonClient redisson, RedisKeys keys, LeaseScripts scripts, BindingProperties properties) {
		this.leases = new RedisLeaseStore(redisson, keys, scripts, properties);
		this.idempotency = new RedisIdempotencyStore(redisson, keys);
		this.mirrors = new RedisShardMirrors(redisson, keys, scripts);
	}

	/** Makes {@code platformId} ACTIVE and {@code block} leasable for {@code poolId}, under the warm-up's prefix. */
	public void prepare(String platformId, String poolId, ManagementNumber block, int maxBindingsPerNumber) {
		mirrors.mirror(platformId, PlatformStatus.ACTIVE);
		mirrors.register(block, poolId, maxBindingsPerNumber, 0);
	}

	public LeaseStore leases() {
		return leases;
	}

	public IdempotencyStore idempotency() {
		return idempotency;
	}
}
