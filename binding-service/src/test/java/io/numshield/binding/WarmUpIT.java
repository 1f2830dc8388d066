package io.numshield.binding;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.MeterRegistry;
import io.numshield.testsupport.TestInfrastructure;
import io.numshield.testsupport.WarmUpStartup;

import java.sql.Connection;
import java.sql.ResultSet;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.TestPropertySource;

/**
 * The warm-up (ADR 0010) on binding-service: binds, reads and releases ran over loopback
 * before the service reported healthy or ready, and left nothing behind: no key under the
 * warm-up's prefix, no event on the real streams, no row in PostgreSQL, no count in
 * {@code binding.lease}.
 */
@DirtiesContext
@TestPropertySource(properties = { "numshield.warmup.enabled=true", "numshield.warmup.duration=1s",
		"numshield.warmup.connections=2" })
class WarmUpIT extends BindingServiceITSupport {

	@Autowired
	MeterRegistry meters;

	@Autowired
	Startup startup;

	@Test
	void servedBindsReadsAndReleasesBeforeReportingReady() {
		assertThat(startup.healthBeforeWarmUp()).as("/actuator/health while the warm-up runs").isEqualTo(503);
		assertThat(startup.servedWhenReady()).as("warm-up requests when readiness flipped")
			.containsKeys("201", "200", "204");
		assertThat(startup.servedWhenReady().values()).allMatch(n -> n > 0);
		assertThat(startup.served()).as("every warm-up request answered as expected")
			.containsOnlyKeys("201", "200", "204");
		assertThat(call("GET", "/actuator/health", null, null).text("status")).isEqualTo("UP");
	}

	@Test
	void leftNothingBehind() throws Exception {
		assertThat(redisson.getKeys().getKeysByPattern(keys.prefix() + "warm:*")).isEmpty();
		// the warm-up's events went to its own prefix's streams, not to these (what the
		// audit service reads)
		assertThat(allEvents()).noneMatch(e -> String.valueOf(e.get("platformId")).startsWith("warm-up"));
		try (Connection db = TestInfrastructure.get().connect();
				ResultSet rows = db.createStatement()
					.executeQuery("SELECT (SELECT count(*) FROM platform WHERE platform_id LIKE 'warm-up%')"
							+ " + (SELECT count(*) FROM pool WHERE pool_id LIKE 'warm-up%')")) {
			rows.next();
			assertThat(rows.getLong(1)).isZero();
		}
		assertThat(meters.find("binding.lease").timers()).allMatch(t -> t.count() == 0);
	}

	/** Records the start as {@link WarmUpStartup} does. */
	@TestConfiguration
	static class Startup extends WarmUpStartup {

	}

}
