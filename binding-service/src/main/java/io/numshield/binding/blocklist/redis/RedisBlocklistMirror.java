package io.numshield.binding.blocklist.redis;

import io.numshield.binding.blocklist.BlocklistLedger;
import io.numshield.binding.blocklist.BlocklistMirror;
import io.numshield.core.event.EventType;
import io.numshield.core.number.VirtualShard;
import io.numshield.core.redis.RedisKeys;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import org.redisson.api.RBatch;
import org.redisson.api.RedissonClient;
import org.redisson.api.stream.StreamAddArgs;
import org.redisson.client.codec.StringCodec;
import org.springframework.stereotype.Component;

/** The blocklist in Redis: the blind indexes every shard's scripts read, and the changes' events. */
@Component
class RedisBlocklistMirror implements BlocklistMirror, BlocklistLedger {

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

	/** On the lease stream of shard {@code VirtualShard.forKey(blindIndex)}, like PLATFORM_STATUS_CHANGED. */
	@Override
	public void record(String eventId, EventType type, String blindIndex, String maskedNumber, String maskedReason,
			String by, Instant at) {
		Map<String, String> event = new LinkedHashMap<>();
		event.put("v", "1");
		event.put("eventId", eventId);
		event.put("type", type.name());
		event.put("occurredAt", Long.toString(at.toEpochMilli()));
		event.put("partyAIndex", blindIndex);
		event.put("number", maskedNumber);
		event.put("reason", maskedReason == null ? "" : maskedReason);
		event.put("by", by);
		redisson.<String, String>getStream(keys.events(VirtualShard.forKey(blindIndex)), StringCodec.INSTANCE)
			.add(StreamAddArgs.entries(event));
	}
}
