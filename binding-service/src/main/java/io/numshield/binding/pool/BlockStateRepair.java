package io.numshield.binding.pool;

import io.numshield.binding.system.LiveStateRepair;

import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * At start: every block of every pool registered with the live store again
 * ({@link PoolService#registerAllBlocks}).
 */
@Component
@Order(3)
class BlockStateRepair implements LiveStateRepair {

	private final PoolService pools;

	BlockStateRepair(PoolService pools) {
		this.pools = pools;
	}

	@Override
	public String repair() {
		return pools.registerAllBlocks() + " blocks";
	}

}
