package io.numshield.binding.pool;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.numshield.binding.system.BindingProperties;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Pool gauges, read from Redis every {@code metrics-refresh}: {@code binding.pool.utilization},
 * {@code binding.pool.active.bindings} and {@code binding.pool.numbers.in.use}, tagged by pool.
 */
@Component
class PoolGauges implements DisposableBean {

	private final PoolService pools;

	private final PoolUsageReader reader;

	private final MeterRegistry meters;

	private final BindingProperties properties;

	private final Map<String, Snapshot> snapshots = new ConcurrentHashMap<>();

	private ScheduledExecutorService executor;

	PoolGauges(PoolService pools, PoolUsageReader reader, MeterRegistry meters, BindingProperties properties) {
		this.pools = pools;
		this.reader = reader;
		this.meters = meters;
		this.properties = properties;
	}

	@EventListener(ApplicationReadyEvent.class)
	void start() {
		executor = Executors.newSingleThreadScheduledExecutor(r -> {
			Thread thread = new Thread(r, "pool-gauges");
			thread.setDaemon(true);
			return thread;
		});
		executor.scheduleWithFixedDelay(this::refresh, 0, properties.metricsRefresh().toMillis(), TimeUnit.MILLISECONDS);
	}

	void refresh() {
		try {
			for (String poolId : pools.poolIds()) {
				PoolSettings settings = pools.settings(poolId).orElse(null);
				if (settings == null) {
					continue;
				}
				long numbers = settings.blocks().stream().mapToLong(b -> b.size()).sum();
				PoolUsage usage = reader.usage(poolId);
				Snapshot snapshot = snapshots.computeIfAbsent(poolId, this::register);
				snapshot.active = usage.activeBindings();
				snapshot.inUse = usage.numbersInUse();
				snapshot.utilization = numbers == 0 ? 0 : (double) usage.numbersInUse() / numbers;
			}
		}
		catch (RuntimeException ex) {
			// gauges keep their last values; the next round tries again
		}
	}

	private Snapshot register(String poolId) {
		Snapshot snapshot = new Snapshot();
		Gauge.builder("binding.pool.utilization", snapshot, s -> s.utilization).tag("pool", poolId).register(meters);
		Gauge.builder("binding.pool.active.bindings", snapshot, s -> s.active).tag("pool", poolId).register(meters);
		Gauge.builder("binding.pool.numbers.in.use", snapshot, s -> s.inUse).tag("pool", poolId).register(meters);
		return snapshot;
	}

	@Override
	public void destroy() {
		if (executor != null) {
			executor.shutdownNow();
		}
	}

	private static final class Snapshot {

		volatile double utilization;

		volatile double active;

		volatile double inUse;

	}
}
