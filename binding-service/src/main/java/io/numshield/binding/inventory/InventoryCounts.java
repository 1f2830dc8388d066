package io.numshield.binding.inventory;

import io.numshield.binding.pool.PoolSettings;

import java.util.List;
import java.util.Map;

/**
 * Port: the live counts of a platform's inventory, read from every shard in one pipelined
 * round.
 */
public interface InventoryCounts {

	Counts read(String platformId, List<PoolSettings> pools);

	/**
	 * @param activeBindings the platform's active bindings, all pools
	 * @param pools by pool id
	 */
	record Counts(long activeBindings, Map<String, PoolCounts> pools) {
	}

	/**
	 * @param freeNumbers numbers neither leased nor cooling down
	 * @param activeBindings the platform's own active bindings in the pool
	 */
	record PoolCounts(long freeNumbers, long activeBindings) {
	}

}
