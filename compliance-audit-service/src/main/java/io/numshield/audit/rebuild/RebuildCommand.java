package io.numshield.audit.rebuild;

import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.stereotype.Component;

/**
 * {@code scripts/rebuild-leases.sh}: starts the service as a one-shot command
 * ({@code numshield.audit.command=rebuild-leases}, no web server), rebuilds, prints the
 * outcome counts and exits 0, or 1 when some binding could not be restored. Runs before
 * the application is ready, so ingestion never starts in this mode.
 */
@Component
@ConditionalOnProperty(name = "numshield.audit.command", havingValue = "rebuild-leases")
class RebuildCommand implements ApplicationRunner {

	private static final Logger log = LoggerFactory.getLogger(RebuildCommand.class);

	private final LeaseRebuild rebuild;

	private final ConfigurableApplicationContext context;

	RebuildCommand(LeaseRebuild rebuild, ConfigurableApplicationContext context) {
		this.rebuild = rebuild;
		this.context = context;
	}

	@Override
	public void run(ApplicationArguments args) {
		Map<String, Integer> outcomes = rebuild.rebuild();
		log.info("lease rebuild finished: {}", outcomes);
		System.out.println("rebuild-leases: " + outcomes);
		boolean clean = outcomes.keySet()
			.stream()
			.allMatch(r -> r.equals("OK") || r.equals("EXISTS") || r.equals("EXPIRED") || r.equals("GROUP_OK")
					|| r.equals("GROUP_EXISTS"));
		int code = SpringApplication.exit(context, () -> clean ? 0 : 1);
		System.exit(code);
	}

}
