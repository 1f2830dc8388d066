package io.numshield.audit.ingest;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.numshield.core.number.VirtualShard;
import io.numshield.core.redis.LeaseScript;
import io.numshield.core.redis.RedisKeys;
import io.numshield.support.lifecycle.PeriodicTask;
import io.numshield.support.redis.LeaseScripts;

import org.springframework.stereotype.Component;

/**
 * Keeps the shard streams short: each round, {@code trim.lua} drops on every shard the entries
 * below the oldest one that any consumer group still has pending or has not been given yet. An
 * entry leaves Redis only after every group (the audit trail first) has acknowledged it.
 */
@Component
class StreamTrimmer extends PeriodicTask {

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
			Object n = scripts.answer(LeaseScript.TRIM, keys.shardBase(shard)).get("trimmed");
			total += ((Number) n).longValue();
		}
		trimmed.increment(total);
		return total;
	}
}
