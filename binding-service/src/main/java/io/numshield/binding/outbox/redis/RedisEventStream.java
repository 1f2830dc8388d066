package io.numshield.binding.outbox.redis;

import io.numshield.binding.outbox.EventStream;
import io.numshield.core.number.VirtualShard;
import io.numshield.core.redis.RedisKeys;

import java.util.Map;

import org.redisson.api.RedissonClient;
import org.redisson.api.stream.StreamAddArgs;
import org.redisson.client.codec.StringCodec;
import org.springframework.stereotype.Component;

/**
 * {@code XADD <prefix>{NN}:ev * field value ...}: the id is Redis's, as for the scripts'
 * events.
 */
@Component
public class RedisEventStream implements EventStream {

	private final RedissonClient redisson;

	private final RedisKeys keys;

	public RedisEventStream(RedissonClient redisson, RedisKeys keys) {
		this.redisson = redisson;
		this.keys = keys;
	}

	@Override
	public void append(VirtualShard shard, Map<String, String> fields) {
		redisson.<String, String>getStream(keys.events(shard), StringCodec.INSTANCE).add(StreamAddArgs.entries(fields));
	}

}
