package io.numshield.binding.platform;

import io.numshield.binding.system.LiveStateRepair;

import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * At start: every platform's status and callback target into Redis again
 * ({@link PlatformService#mirrorAll}).
 */
@Component
@Order(1)
class PlatformStateRepair implements LiveStateRepair {

	private final PlatformService platforms;

	PlatformStateRepair(PlatformService platforms) {
		this.platforms = platforms;
	}

	@Override
	public String repair() {
		return platforms.mirrorAll() + " platforms";
	}

}
