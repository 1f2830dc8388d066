package io.numshield.console.operator;

import io.numshield.console.ConsoleProperties;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * Each pool's utilisation over time, for the chart: a bounded ring of samples per pool,
 * in this process's memory only. It restarts empty; samples closer than
 * {@code sample-spacing} to the last one are dropped.
 */
@Component
class PoolHistory {

	private final int size;

	private final long spacingMillis;

	private final Map<String, ArrayDeque<Sample>> rings = new HashMap<>();

	PoolHistory(ConsoleProperties properties) {
		this.size = properties.historySize();
		this.spacingMillis = properties.sampleSpacing().toMillis();
	}

	synchronized void record(List<PoolSnapshot> pools, Instant at) {
		for (PoolSnapshot pool : pools) {
			ArrayDeque<Sample> ring = rings.computeIfAbsent(pool.poolId(), id -> new ArrayDeque<>());
			Sample last = ring.peekLast();
			if (last != null && at.toEpochMilli() - last.at().toEpochMilli() < spacingMillis) {
				continue;
			}
			if (ring.size() == size) {
				ring.removeFirst();
			}
			ring.addLast(new Sample(at, pool.utilization(), pool.numbersInUse()));
		}
	}

	synchronized List<Sample> samples(String poolId) {
		ArrayDeque<Sample> ring = rings.get(poolId);
		return ring == null ? List.of() : List.copyOf(ring);
	}

	/** One reading: when, the utilisation (0..1), the numbers in use. */
	record Sample(Instant at, double utilization, long numbersInUse) {
	}

}
