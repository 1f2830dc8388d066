package io.numshield.binding.system;

import java.util.List;
import java.util.stream.Collectors;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.stereotype.Component;

/**
 * At start, runs every feature's {@link LiveStateRepair}: what scripts must see is copied
 * from PostgreSQL into every shard again. The features register their repairs; this
 * runner knows none of them, so that {@code system} depends on no feature (ADR 0014).
 */
@Component
class LiveStateRepairs implements ApplicationRunner {

	private static final Logger log = LoggerFactory.getLogger(LiveStateRepairs.class);

	private final List<LiveStateRepair> repairs;

	LiveStateRepairs(List<LiveStateRepair> repairs) {
		this.repairs = repairs;
	}

	@Override
	public void run(ApplicationArguments args) {
		String done = repairs.stream().map(LiveStateRepair::repair).collect(Collectors.joining(", "));
		log.info("live state mirrored to Redis: {}", done);
	}

}
