package io.numshield.binding.pool;

/** Live counts of a pool, summed over every shard. */
public record PoolUsage(long activeBindings, long numbersInUse) {
}
