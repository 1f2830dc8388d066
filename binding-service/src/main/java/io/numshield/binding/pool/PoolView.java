package io.numshield.binding.pool;

/**
 * A pool as the API shows it. {@code utilization} is numbers in use over numbers, 0..1.
 */
public record PoolView(String poolId, String region, String numberKind, int maxBindingsPerNumber, long cooldownSeconds,
		int blocks, long numbers, long activeBindings, long numbersInUse, double utilization) {
}
