package io.numshield.binding.pool;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.numshield.support.lifecycle.PeriodicTask;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;

/**
 * Pool gauges, read from Redis every {@code metrics-refresh}:
 * {@code binding.pool.utilization}, {@code binding.pool.active.bindings} and
 * {@code binding.pool.numbers.in.use}, tagged by pool.
 */
@Component
class PoolGauges extends PeriodicTask {

	private final PoolService pools;

	private final PoolUsageReader reader;

	private final MeterRegistry meters;

	private final Map<String, Snapshot> snapshots = new ConcurrentHashMap<>();

	PoolGauges(PoolService pools, PoolUsageReader reader, MeterRegistry meters, PoolProperties properties) {
		super("pool-gauges", properties.metricsRefresh());
		this.pools = pools;
		this.reader = reader;
		this.meters = meters;
	}

	/** Gauges keep their last values when a round fails; the next round tries again. */
	@Override
	protected void runOnce() {
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

	private Snapshot register(String poolId) {
		Snapshot snapshot = new Snapshot();
		Gauge.builder("binding.pool.utilization", snapshot, s -> s.utilization).tag("pool", poolId).register(meters);
		Gauge.builder("binding.pool.active.bindings", snapshot, s -> s.active).tag("pool", poolId).register(meters);
		Gauge.builder("binding.pool.numbers.in.use", snapshot, s -> s.inUse).tag("pool", poolId).register(meters);
		return snapshot;
	}

	private static final class Snapshot {

		volatile double utilization;

		volatile double active;

		volatile double inUse;

	}

}
