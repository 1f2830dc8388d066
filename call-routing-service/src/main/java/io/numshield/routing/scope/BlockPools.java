package io.numshield.routing.scope;

import io.numshield.core.number.ManagementNumber;
import io.numshield.core.redis.RedisKeys;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.redisson.api.RedissonClient;
import org.redisson.client.codec.StringCodec;
import org.springframework.stereotype.Component;

/**
 * The pool of a 700 block, as binding-service registered it on the block's shard
 * ({@code <shard>bp}: management number → {@code poolId|size|…}). Remembered for
 * {@code block-cache-ttl}, unknown blocks too, so a carrier walking numbers costs Redis one read
 * per block and period, never one per number.
 */
@Component
class BlockPools {

	private final RedissonClient redisson;

	private final RedisKeys keys;

	private final long ttlNanos;

	private final Map<String, Cached> cache = new ConcurrentHashMap<>();

	BlockPools(RedissonClient redisson, RedisKeys keys, ScopeProperties properties) {
		this.redisson = redisson;
		this.keys = keys;
		this.ttlNanos = properties.blockCacheTtl().toNanos();
	}

	Optional<String> poolOf(ManagementNumber block) {
		long now = System.nanoTime();
		Cached cached = cache.get(block.digits());
		if (cached != null && now - cached.loadedAt < ttlNanos) {
			return cached.pool;
		}
		String stored = redisson.<String, String>getMap(keys.blocks(block.shard()), StringCodec.INSTANCE).get(block.digits());
		Optional<String> pool = stored == null ? Optional.empty() : Optional.of(stored.substring(0, stored.indexOf('|')));
		if (cache.size() > 100_000) {
			cache.clear();
		}
		cache.put(block.digits(), new Cached(pool, now));
		return pool;
	}

	private record Cached(Optional<String> pool, long loadedAt) {
	}
}
