package io.numshield.binding.blocklist.redis;

import io.numshield.binding.blocklist.BlocklistMirror;
import io.numshield.core.number.VirtualShard;
import io.numshield.core.redis.RedisKeys;

import org.redisson.api.RBatch;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.StringCodec;
import org.springframework.stereotype.Component;

/**
 * The blocklist in Redis: the blind indexes every shard's scripts read (the changes'
 * events go through the audit outbox).
 */
@Component
class RedisBlocklistMirror implements BlocklistMirror {

	private final RedissonClient redisson;

	private final RedisKeys keys;

	RedisBlocklistMirror(RedissonClient redisson, RedisKeys keys) {
		this.redisson = redisson;
		this.keys = keys;
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

}
