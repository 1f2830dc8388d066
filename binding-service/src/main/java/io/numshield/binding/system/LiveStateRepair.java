package io.numshield.binding.system;

import io.numshield.binding.blocklist.BlocklistService;
import io.numshield.binding.platform.PlatformService;
import io.numshield.binding.pool.PoolService;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.stereotype.Component;

/**
 * At start, copies what scripts must see from PostgreSQL into every shard again: platform status,
 * the blocklist, and block registrations. Safe to repeat; repairs a Redis that restarted empty.
 */
@Component
class LiveStateRepair implements ApplicationRunner {

	private static final Logger log = LoggerFactory.getLogger(LiveStateRepair.class);

	private final PlatformService platforms;

	private final BlocklistService blocklist;

	private final PoolService pools;

	LiveStateRepair(PlatformService platforms, BlocklistService blocklist, PoolService pools) {
		this.platforms = platforms;
		this.blocklist = blocklist;
		this.pools = pools;
	}

	@Override
	public void run(ApplicationArguments args) {
		int p = platforms.mirrorAll();
		int b = blocklist.mirrorAll();
		int k = pools.registerAllBlocks();
		log.info("live state mirrored to Redis: {} platforms, {} blocked numbers, {} blocks", p, b, k);
	}
}
