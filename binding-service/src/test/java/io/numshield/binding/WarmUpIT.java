package io.numshield.binding;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.numshield.testsupport.TestInfrastructure;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.ResultSet;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.boot.context.event.ApplicationStartedEvent;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.event.EventListener;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.TestPropertySource;

/**
 * The warm-up (ADR 0009) on binding-service: binds, reads and releases ran over loopback before the
 * service reported healthy or ready, and left nothing behind: no key under the warm-up's prefix, no
 * event on the real streams, no row in PostgreSQL, no count in {@code binding.lease}.
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
		assertThat(startup.healthBeforeWarmUp).as("/actuator/health while the warm-up runs").isEqualTo(503);
		assertThat(startup.warmUpRequestsWhenReady).as("warm-up requests when readiness flipped")
			.containsKeys("201", "200", "204");
		assertThat(startup.warmUpRequestsWhenReady.values()).allMatch(n -> n > 0);
		assertThat(served()).as("every warm-up request answered as expected").containsOnlyKeys("201", "200", "204");
		assertThat(call("GET", "/actuator/health", null, null).text("status")).isEqualTo("UP");
	}

	@Test
	void leftNothingBehind() throws Exception {
		assertThat(redisson.getKeys().getKeysByPattern(keys.prefix() + "warm:*")).isEmpty();
		// the warm-up's events went to its own prefix's streams, not to these (what the audit service reads)
		assertThat(allEvents()).noneMatch(e -> String.valueOf(e.get("platformId")).startsWith("warm-up"));
		try (Connection db = TestInfrastructure.get().connect();
				ResultSet rows = db.createStatement().executeQuery(
						"SELECT (SELECT count(*) FROM platform WHERE platform_id LIKE 'warm-up%')"
								+ " + (SELECT count(*) FROM pool WHERE pool_id LIKE 'warm-up%')")) {
			rows.next();
			assertThat(rows.getLong(1)).isZero();
		}
		assertThat(meters.find("binding.lease").timers()).allMatch(t -> t.count() == 0);
	}

	private Map<String, Double> served() {
		Map<String, Double> served = new ConcurrentHashMap<>();
		for (Counter counter : meters.find("numshield.warmup.requests").counters()) {
			served.put(counter.getId().getTag("status"), counter.count());
		}
		return served;
	}

	/** What the test sees of the start: the health while the runners run, the warm-up's counts when readiness flips. */
	@TestConfiguration
	static class Startup {

		volatile int healthBeforeWarmUp;

		final Map<String, Double> warmUpRequestsWhenReady = new ConcurrentHashMap<>();

		@Autowired
		MeterRegistry meters;

		@EventListener
		void started(ApplicationStartedEvent event) throws Exception {
			// Tomcat is listening and the runners (the warm-up among them) have not run yet
			int port = ((WebServerApplicationContext) event.getApplicationContext()).getWebServer().getPort();
			healthBeforeWarmUp = HttpClient.newHttpClient()
				.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/health")).build(),
						HttpResponse.BodyHandlers.discarding())
				.statusCode();
		}

		@EventListener
		void availability(AvailabilityChangeEvent<?> event) {
			if (event.getState() == ReadinessState.ACCEPTING_TRAFFIC) {
				for (Counter counter : meters.find("numshield.warmup.requests").counters()) {
					warmUpRequestsWhenReady.put(counter.getId().getTag("status"), counter.count());
				}
			}
		}
	}
}
