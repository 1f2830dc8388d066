package io.numshield.binding.blocklist;

import io.numshield.binding.system.LiveStateRepair;

import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * At start: every platform's own blocklist into every shard again, each list replaced
 * whole ({@link PlatformBlocklistService#mirrorAll}); the platforms' flags are
 * {@code PlatformStateRepair}'s.
 */
@Component
@Order(2)
class PlatformBlocklistStateRepair implements LiveStateRepair {

	private final PlatformBlocklistService blocklists;

	PlatformBlocklistStateRepair(PlatformBlocklistService blocklists) {
		this.blocklists = blocklists;
	}

	@Override
	public String repair() {
		return blocklists.mirrorAll() + " numbers on platforms' own blocklists";
	}

}
