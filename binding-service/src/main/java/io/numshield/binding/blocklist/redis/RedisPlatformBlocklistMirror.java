package io.numshield.binding.blocklist.redis;

import io.numshield.binding.blocklist.PlatformBlocklistMirror;
import io.numshield.core.number.VirtualShard;
import io.numshield.core.redis.RedisKeys;

import java.util.Collection;

import org.redisson.api.RBatch;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.StringCodec;
import org.springframework.stereotype.Component;

/**
 * The platforms' own blocklists in Redis: {@code pbl:<platformId>} in every shard, one
 * pipelined batch of 64 commands per change.
 */
@Component
class RedisPlatformBlocklistMirror implements PlatformBlocklistMirror {

	private final RedissonClient redisson;

	private final RedisKeys keys;

	RedisPlatformBlocklistMirror(RedissonClient redisson, RedisKeys keys) {
		this.redisson = redisson;
		this.keys = keys;
	}

	@Override
	public void mirror(String platformId, String blindIndex, boolean blocked) {
		RBatch batch = redisson.createBatch();
		for (VirtualShard shard : VirtualShard.all()) {
			var set = batch.<String>getSet(keys.platformBlocklist(shard, platformId), StringCodec.INSTANCE);
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
	public void replace(String platformId, Collection<String> blindIndexes) {
		RBatch batch = redisson.createBatch();
		for (VirtualShard shard : VirtualShard.all()) {
			var set = batch.<String>getSet(keys.platformBlocklist(shard, platformId), StringCodec.INSTANCE);
			set.deleteAsync();
			if (!blindIndexes.isEmpty()) {
				set.addAllAsync(blindIndexes);
			}
		}
		batch.execute();
	}

}
