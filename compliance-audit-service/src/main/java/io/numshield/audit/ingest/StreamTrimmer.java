package io.numshield.audit.ingest;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.numshield.core.number.VirtualShard;
import io.numshield.core.redis.LeaseScript;
import io.numshield.core.redis.RedisKeys;
import io.numshield.support.lifecycle.PeriodicTask;
import io.numshield.support.redis.LeaseScripts;

import java.util.List;

import org.springframework.stereotype.Component;

/**
 * Keeps the shard streams short: each round, {@code trim.lua} drops on both streams of
 * every shard (lease events {@code ev}, call events {@code calls}) the entries below the
 * oldest one that any consumer group still has pending or has not been given yet. An
 * entry leaves Redis only after every group (the audit trail first) has acknowledged it.
 */
@Component
class StreamTrimmer extends PeriodicTask {

	/**
	 * The streams of a shard, as {@code trim.lua} names them: lease events, call events.
	 */
	private static final List<String> STREAMS = List.of("ev", "calls");

	private final LeaseScripts scripts;

	private final RedisKeys keys;

	private final Counter trimmed;

	StreamTrimmer(LeaseScripts scripts, RedisKeys keys, IngestProperties properties, MeterRegistry meters) {
		super("audit-trim", properties.trimInterval());
		this.scripts = scripts;
		this.keys = keys;
		this.trimmed = meters.counter("audit.stream.trimmed");
	}

	@Override
	protected void runOnce() {
		trimAll();
	}

	/** One round over every shard; answers how many entries went. */
	long trimAll() {
		long total = 0;
		for (VirtualShard shard : VirtualShard.all()) {
			for (String stream : STREAMS) {
				Object n = scripts.answer(LeaseScript.TRIM, keys.shardBase(shard), stream).get("trimmed");
				total += ((Number) n).longValue();
			}
		}
		trimmed.increment(total);
		return total;
	}

}
