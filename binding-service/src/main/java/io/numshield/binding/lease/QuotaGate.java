package io.numshield.binding.lease;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.ToLongFunction;

/**
 * The {@code maxActiveBindings} check without reading all 64 shards on every bind. The
 * exact count (per-shard counters, summed) is read when the last reading is older than
 * {@link #FRESH_NANOS}, or when the last reading plus what this instance leased since
 * comes within {@link #headroom} of the limit. Far from the limit a bind costs no read;
 * near it every bind reads. As before, binds in flight at the same moment can overshoot
 * the limit by their number.
 */
final class QuotaGate {

	static final long FRESH_NANOS = 200_000_000L;

	private final ToLongFunction<String> exactCount;

	private final Map<String, Reading> readings = new ConcurrentHashMap<>();

	QuotaGate(ToLongFunction<String> exactCount) {
		this.exactCount = exactCount;
	}

	boolean allows(String platformId, long max) {
		Reading last = readings.get(platformId);
		long now = System.nanoTime();
		if (last != null && now - last.at() < FRESH_NANOS
				&& last.count() + last.leasedSince().get() < max - headroom(max)) {
			return true;
		}
		long count = exactCount.applyAsLong(platformId);
		readings.put(platformId, new Reading(count, now, new AtomicLong()));
		return count < max;
	}

	void leased(String platformId) {
		Reading last = readings.get(platformId);
		if (last != null) {
			last.leasedSince().incrementAndGet();
		}
	}

	/** How close to the limit every bind reads exactly: 5% of it, at least 50. */
	static long headroom(long max) {
		return Math.max(50, max / 20);
	}

	private record Reading(long count, long at, AtomicLong leasedSince) {
	}

}
