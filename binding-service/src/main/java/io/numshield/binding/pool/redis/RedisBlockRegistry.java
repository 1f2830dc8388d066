package io.numshield.binding.pool.redis;

import io.numshield.binding.pool.BlockRegistry;
import io.numshield.binding.pool.BlockTerms;
import io.numshield.binding.pool.PoolUsage;
import io.numshield.binding.pool.PoolUsageReader;
import io.numshield.core.number.ManagementNumber;
import io.numshield.core.number.VirtualShard;
import io.numshield.core.redis.CallControls;
import io.numshield.core.redis.LeaseScript;
import io.numshield.core.redis.RedisKeys;
import io.numshield.support.redis.LeaseScripts;

import java.util.Map;
import java.util.Set;

import org.redisson.api.RBatch;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.StringCodec;
import org.springframework.stereotype.Component;

/**
 * Pools in Redis: blocks registered with their pool's settings in their shard, and the
 * per-shard pool counters summed.
 */
@Component
public class RedisBlockRegistry implements BlockRegistry, PoolUsageReader {

	private final RedissonClient redisson;

	private final RedisKeys keys;

	private final LeaseScripts scripts;

	/**
	 * Public for the warm-up (ADR 0010), which registers its synthetic block under its
	 * own key prefix.
	 */
	public RedisBlockRegistry(RedissonClient redisson, RedisKeys keys, LeaseScripts scripts) {
		this.redisson = redisson;
		this.keys = keys;
		this.scripts = scripts;
	}

	@Override
	public void register(ManagementNumber block, BlockTerms terms) {
		CallControls controls = terms.callControls();
		scripts.run(LeaseScript.INIT_BLOCK, keys.shardBase(block.shard()), block.digits(), terms.poolId(),
				Integer.toString(block.size()), Integer.toString(terms.maxBindingsPerNumber()),
				Long.toString(terms.cooldownMillis()), Integer.toString(terms.extensionDigits()),
				Integer.toString(terms.maxExtensionsPerNumber()),
				controls.maxDurationSeconds() == null ? "" : controls.maxDurationSeconds().toString(),
				controls.announcementId() == null ? "" : controls.announcementId(),
				controls.ringbackToneId() == null ? "" : controls.ringbackToneId());
	}

	@Override
	public void unregister(ManagementNumber block) {
		RBatch batch = redisson.createBatch();
		batch.getMap(keys.blocks(block.shard()), StringCodec.INSTANCE).fastRemoveAsync(block.digits());
		batch.getBucket(keys.freeMap(block), StringCodec.INSTANCE).deleteAsync();
		batch.execute();
	}

	@Override
	public void draining(ManagementNumber block, boolean draining) {
		var set = redisson.<String>getSet(keys.draining(block.shard()), StringCodec.INSTANCE);
		if (draining) {
			set.add(block.digits());
		}
		else {
			set.remove(block.digits());
		}
	}

	@Override
	public boolean remove(ManagementNumber block) {
		String answer = scripts.run(LeaseScript.REMOVE_BLOCK, keys.shardBase(block.shard()), block.digits());
		return !"BUSY".equals(answer);
	}

	@Override
	public PoolUsage usage(String poolId) {
		RBatch batch = redisson.createBatch();
		for (VirtualShard shard : VirtualShard.all()) {
			batch.<String, String>getMap(keys.counters(shard), StringCodec.INSTANCE)
				.getAllAsync(Set.of("pb:" + poolId, "pn:" + poolId));
		}
		long bindings = 0;
		long numbers = 0;
		for (Object each : batch.execute().getResponses()) {
			@SuppressWarnings("unchecked")
			var values = (Map<String, String>) each;
			bindings += parse(values.get("pb:" + poolId));
			numbers += parse(values.get("pn:" + poolId));
		}
		return new PoolUsage(bindings, numbers);
	}

	private static long parse(String value) {
		return value == null ? 0 : Long.parseLong(value);
	}

}
