package io.numshield.binding.binding.redis;

import io.numshield.binding.blocklist.BlocklistMirror;
import io.numshield.binding.platform.CallbackMirror;
import io.numshield.binding.platform.PlatformStatus;
import io.numshield.binding.platform.PlatformStatusMirror;
import io.numshield.binding.pool.BlockRegistry;
import io.numshield.binding.pool.PoolUsage;
import io.numshield.binding.pool.PoolUsageReader;
import io.numshield.core.number.ManagementNumber;
import io.numshield.core.number.VirtualShard;
import io.numshield.core.redis.LeaseScript;
import io.numshield.core.redis.RedisKeys;
import io.numshield.support.redis.LeaseScripts;

import org.redisson.api.RBatch;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.StringCodec;
import org.springframework.stereotype.Component;

/**
 * Copies configuration that scripts must see atomically (platform status, the blocklist, block
 * settings) into every shard, and sums the per-shard pool counters.
 */
@Component
class RedisShardMirrors
		implements PlatformStatusMirror, BlocklistMirror, BlockRegistry, PoolUsageReader, CallbackMirror {

	private final RedissonClient redisson;

	private final RedisKeys keys;

	private final LeaseScripts scripts;

	RedisShardMirrors(RedissonClient redisson, RedisKeys keys, LeaseScripts scripts) {
		this.redisson = redisson;
		this.keys = keys;
		this.scripts = scripts;
	}

	@Override
	public void mirror(String platformId, PlatformStatus status) {
		RBatch batch = redisson.createBatch();
		for (VirtualShard shard : VirtualShard.all()) {
			batch.<String, String>getMap(keys.platforms(shard), StringCodec.INSTANCE).fastPutAsync(platformId, status.name());
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

	@Override
	public void mirror(String blindIndex, boolean blocked) {
		RBatch batch = redisson.createBatch();
		for (VirtualShard shard : VirtualShard.all()) {
			var set = batch.<String>getSet(keys.blocklist(shard), StringCodec.INSTANCE);
			if (blocked) {
				set.addAsync(blindIndex);
			}
			else {
				set.removeAsync(blindIndex);
			}
		}
		batch.execute();
	}

	@Override
	public void register(ManagementNumber block, String poolId, int maxBindingsPerNumber, long cooldownMillis) {
		scripts.run(LeaseScript.INIT_BLOCK, keys.shardBase(block.shard()), block.digits(), poolId,
				Integer.toString(block.size()), Integer.toString(maxBindingsPerNumber), Long.toString(cooldownMillis));
	}

	@Override
	public void unregister(ManagementNumber block) {
		RBatch batch = redisson.createBatch();
		batch.getMap(keys.blocks(block.shard()), StringCodec.INSTANCE).fastRemoveAsync(block.digits());
		batch.getBucket(keys.freeMap(block), StringCodec.INSTANCE).deleteAsync();
		batch.execute();
	}

	@Override
	public PoolUsage usage(String poolId) {
		RBatch batch = redisson.createBatch();
		for (VirtualShard shard : VirtualShard.all()) {
			batch.<String, String>getMap(keys.counters(shard), StringCodec.INSTANCE)
				.getAllAsync(java.util.Set.of("pb:" + poolId, "pn:" + poolId));
		}
		long bindings = 0;
		long numbers = 0;
		for (Object each : batch.execute().getResponses()) {
			@SuppressWarnings("unchecked")
			var values = (java.util.Map<String, String>) each;
			bindings += parse(values.get("pb:" + poolId));
			numbers += parse(values.get("pn:" + poolId));
		}
		return new PoolUsage(bindings, numbers);
	}

	private static long parse(String value) {
		return value == null ? 0 : Long.parseLong(value);
	}

}
