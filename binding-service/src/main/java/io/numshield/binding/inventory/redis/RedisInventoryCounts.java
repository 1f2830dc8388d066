package io.numshield.binding.inventory.redis;

import io.numshield.binding.inventory.InventoryCounts;
import io.numshield.binding.pool.PoolSettings;
import io.numshield.core.number.ManagementNumber;
import io.numshield.core.number.VirtualShard;
import io.numshield.core.redis.RedisKeys;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.redisson.api.RBatch;
import org.redisson.api.RFuture;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.StringCodec;
import org.springframework.stereotype.Component;

/**
 * The inventory's live counts in one pipelined batch: per shard one {@code HMGET} of the
 * counters {@code n} ({@code a:<platformId>} and {@code pa:<poolId>:<platformId>} of each
 * pool), and per block one {@code BITCOUNT} of its bitmap {@code f:<block>} (a set bit is
 * a number leased or cooling down, or padding past the block's size).
 */
@Component
class RedisInventoryCounts implements InventoryCounts {

	private final RedissonClient redisson;

	private final RedisKeys keys;

	RedisInventoryCounts(RedissonClient redisson, RedisKeys keys) {
		this.redisson = redisson;
		this.keys = keys;
	}

	@Override
	public Counts read(String platformId, List<PoolSettings> pools) {
		RBatch batch = redisson.createBatch();
		Set<String> fields = new LinkedHashSet<>();
		fields.add("a:" + platformId);
		pools.forEach(p -> fields.add(poolField(p.poolId(), platformId)));
		List<RFuture<Map<String, String>>> counters = new ArrayList<>();
		for (VirtualShard shard : VirtualShard.all()) {
			counters.add(batch.<String, String>getMap(keys.counters(shard), StringCodec.INSTANCE).getAllAsync(fields));
		}
		Map<String, List<Taken>> taken = new HashMap<>();
		for (PoolSettings pool : pools) {
			List<Taken> blocks = new ArrayList<>();
			for (ManagementNumber block : pool.blocks()) {
				blocks.add(new Taken(block, batch.getBitSet(keys.freeMap(block)).cardinalityAsync()));
			}
			taken.put(pool.poolId(), blocks);
		}
		batch.execute();
		long active = 0;
		Map<String, Long> perPool = new HashMap<>();
		for (RFuture<Map<String, String>> each : counters) {
			Map<String, String> values = each.toCompletableFuture().join();
			active += parse(values.get("a:" + platformId));
			for (PoolSettings pool : pools) {
				perPool.merge(pool.poolId(), parse(values.get(poolField(pool.poolId(), platformId))), Long::sum);
			}
		}
		Map<String, PoolCounts> result = new HashMap<>();
		for (PoolSettings pool : pools) {
			long free = taken.get(pool.poolId()).stream().mapToLong(Taken::free).sum();
			// never below 0: a binding of an instance of the version before the counter
			// may be taken off without having been counted (ADR 0025)
			result.put(pool.poolId(), new PoolCounts(free, Math.max(0, perPool.getOrDefault(pool.poolId(), 0L))));
		}
		return new Counts(active, result);
	}

	/** The platform's active bindings in the pool, a field of each shard's {@code n}. */
	static String poolField(String poolId, String platformId) {
		return "pa:" + poolId + ":" + platformId;
	}

	private static long parse(String value) {
		return value == null ? 0 : Long.parseLong(value);
	}

	/** A block and its set bits: free = its bits (whole bytes) less those set. */
	private record Taken(ManagementNumber block, RFuture<Long> setBits) {

		long free() {
			long bits = (block.size() + 7L) / 8 * 8;
			return Math.max(0, Math.min(block.size(), bits - setBits.toCompletableFuture().join()));
		}
	}

}
