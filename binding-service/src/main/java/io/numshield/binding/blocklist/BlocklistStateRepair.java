package io.numshield.binding.blocklist;

import io.numshield.binding.system.LiveStateRepair;

import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * At start: the whole blocklist into every shard again
 * ({@link BlocklistService#mirrorAll}).
 */
@Component
@Order(2)
class BlocklistStateRepair implements LiveStateRepair {

	private final BlocklistService blocklist;

	BlocklistStateRepair(BlocklistService blocklist) {
		this.blocklist = blocklist;
	}

	@Override
	public String repair() {
		return blocklist.mirrorAll() + " blocked numbers";
	}

}
