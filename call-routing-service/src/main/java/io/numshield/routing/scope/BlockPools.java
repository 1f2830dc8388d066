package io.numshield.routing.scope;

import io.numshield.core.number.ManagementNumber;
import io.numshield.core.redis.CallControls;
import io.numshield.core.redis.RedisKeys;

import java.util.Optional;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import org.redisson.api.RedissonClient;
import org.redisson.client.codec.StringCodec;
import org.springframework.stereotype.Component;

/**
 * The pool of a 700 block, as binding-service registered it on the block's shard
 * ({@code <shard>bp}: management number → {@code poolId|size|…}). Remembered for
 * {@code block-cache-ttl}, unknown blocks too, so a carrier walking numbers costs Redis
 * one read per block and period, never one per number. At most {@value #MAX_BLOCKS}
 * blocks (Caffeine evicts the least used first); the Redis read runs outside the cache's
 * lock, as a plain miss.
 */
@Component
class BlockPools {

	static final int MAX_BLOCKS = 100_000;

	private final RedissonClient redisson;

	private final RedisKeys keys;

	private final Cache<String, Optional<Block>> cache;

	BlockPools(RedissonClient redisson, RedisKeys keys, ScopeProperties properties) {
		this.redisson = redisson;
		this.keys = keys;
		this.cache = Caffeine.newBuilder().expireAfterWrite(properties.blockCacheTtl()).maximumSize(MAX_BLOCKS).build();
	}

	Optional<String> poolOf(ManagementNumber block) {
		return blockOf(block).map(Block::pool);
	}

	/**
	 * The pool's call controls, from the same cached entry (issue 14, point 5): no Redis
	 * read of a route's own.
	 */
	CallControls callControlsOf(ManagementNumber block) {
		return blockOf(block).map(Block::callControls).orElse(CallControls.NONE);
	}

	private Optional<Block> blockOf(ManagementNumber block) {
		Optional<Block> cached = cache.getIfPresent(block.digits());
		if (cached != null) {
			return cached;
		}
		String stored = redisson.<String, String>getMap(keys.blocks(block.shard()), StringCodec.INSTANCE)
			.get(block.digits());
		Optional<Block> found = stored == null ? Optional.empty() : Optional
			.of(new Block(stored.substring(0, stored.indexOf('|')), CallControls.ofBlockSettings(stored)));
		cache.put(block.digits(), found);
		return found;
	}

	/** A block's pool and that pool's call controls. */
	private record Block(String pool, CallControls callControls) {
	}

}
