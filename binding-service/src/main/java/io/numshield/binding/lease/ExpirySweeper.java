package io.numshield.binding.lease;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.numshield.core.number.VirtualShard;
import io.numshield.support.lifecycle.PeriodicTask;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Every {@code sweep-interval}, tries each shard's sweep lock; the holder expires that
 * shard's due bindings ({@code BINDING_EXPIRED}, atomically with the release) and forgets
 * old tombstones. Routing never waits for it: it compares {@code expiresAt} itself.
 */
@Component
class ExpirySweeper extends PeriodicTask {

	private static final Logger log = LoggerFactory.getLogger(ExpirySweeper.class);

	private final LeaseStore store;

	private final Counter expired;

	private final Counter purged;

	private final Counter failures;

	ExpirySweeper(LeaseStore store, LeaseProperties properties, MeterRegistry meters) {
		super("expiry-sweeper", properties.sweepInterval());
		this.store = store;
		this.expired = meters.counter("binding.expired");
		this.purged = meters.counter("binding.tombstones.purged");
		this.failures = meters.counter("binding.sweep.failures");
	}

	@Override
	protected void runOnce() {
		sweepAll();
	}

	/** Sweeps every shard once; answers how many bindings expired. */
	int sweepAll() {
		int count = 0;
		for (VirtualShard shard : VirtualShard.all()) {
			try {
				LeaseStore.SweepResult result = store.sweep(shard);
				count += result.expired();
				expired.increment(result.expired());
				purged.increment(result.purged());
			}
			catch (RuntimeException ex) {
				failures.increment();
				log.warn("sweep of shard {} failed: {}", shard.tag(), ex.toString());
			}
		}
		return count;
	}

}
