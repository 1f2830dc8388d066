package io.numshield.binding.pool;

import io.numshield.core.number.ManagementNumber;

/** Port: makes a block leasable in the live store, with its pool's settings. */
public interface BlockRegistry {

	void register(ManagementNumber block, String poolId, int maxBindingsPerNumber, long cooldownMillis);
}
