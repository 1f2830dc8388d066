package io.numshield.binding.pool;

/** Port: reads the live counts of a pool. */
public interface PoolUsageReader {

	PoolUsage usage(String poolId);

}
