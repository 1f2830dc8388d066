package io.numshield.binding.binding;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.numshield.binding.system.BindingProperties;
import io.numshield.core.number.VirtualShard;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Every {@code sweep-interval}, tries each shard's sweep lock; the holder expires that shard's due
 * bindings ({@code BINDING_EXPIRED}, atomically with the release) and forgets old tombstones. Routing
 * never waits for it: it compares {@code expiresAt} itself.
 */
@Component
class ExpirySweeper implements SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(ExpirySweeper.class);

	private final LeaseStore store;

	private final BindingProperties properties;

	private final Counter expired;

	private final Counter purged;

	private final Counter failures;

	private ScheduledExecutorService executor;

	ExpirySweeper(LeaseStore store, BindingProperties properties, MeterRegistry meters) {
		this.store = store;
		this.properties = properties;
		this.expired = meters.counter("binding.expired");
		this.purged = meters.counter("binding.tombstones.purged");
		this.failures = meters.counter("binding.sweep.failures");
	}

	@EventListener(ApplicationReadyEvent.class)
	void onReady() {
		start();
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

	@Override
	public synchronized void start() {
		if (executor != null) {
			return;
		}
		executor = Executors.newSingleThreadScheduledExecutor(r -> {
			Thread thread = new Thread(r, "expiry-sweeper");
			thread.setDaemon(true);
			return thread;
		});
		long every = properties.sweepInterval().toMillis();
		executor.scheduleWithFixedDelay(this::sweepAll, every, every, TimeUnit.MILLISECONDS);
	}

	/** Lets a sweep in progress finish: interrupting it could leave its shard's lock held until it times out. */
	@Override
	public synchronized void stop() {
		if (executor != null) {
			executor.shutdown();
			try {
				if (!executor.awaitTermination(10, TimeUnit.SECONDS)) {
					executor.shutdownNow();
				}
			}
			catch (InterruptedException ex) {
				executor.shutdownNow();
				Thread.currentThread().interrupt();
			}
			executor = null;
		}
	}

	@Override
	public synchronized boolean isRunning() {
		return executor != null;
	}

	@Override
	public boolean isAutoStartup() {
		return false;
	}
}
