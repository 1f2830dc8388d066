package io.numshield.testsupport;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.boot.context.event.ApplicationStartedEvent;
import org.springframework.context.event.EventListener;

/**
 * What a service's warm-up test sees of the start (ADR 0010), as a test configuration the
 * test extends: {@code /actuator/health}'s status once Tomcat listens but before the
 * runners (the warm-up among them) run, and the warm-up's answers by status
 * ({@code numshield.warmup.requests}) at the moment readiness flips to ACCEPTING_TRAFFIC.
 */
public abstract class WarmUpStartup {

	private volatile int healthBeforeWarmUp;

	private final Map<String, Double> servedWhenReady = new ConcurrentHashMap<>();

	@Autowired
	private MeterRegistry meters;

	public int healthBeforeWarmUp() {
		return healthBeforeWarmUp;
	}

	public Map<String, Double> servedWhenReady() {
		return servedWhenReady;
	}

	/** The warm-up's answers so far, by status. */
	public Map<String, Double> served() {
		Map<String, Double> served = new ConcurrentHashMap<>();
		for (Counter counter : meters.find("numshield.warmup.requests").counters()) {
			served.put(counter.getId().getTag("status"), counter.count());
		}
		return served;
	}

	@EventListener
	void started(ApplicationStartedEvent event) throws Exception {
		String port = event.getApplicationContext().getEnvironment().getProperty("local.server.port");
		try (HttpClient http = HttpClient.newHttpClient()) {
			healthBeforeWarmUp = http
				.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/health")).build(),
						HttpResponse.BodyHandlers.discarding())
				.statusCode();
		}
	}

	@EventListener
	void availability(AvailabilityChangeEvent<?> event) {
		if (event.getState() == ReadinessState.ACCEPTING_TRAFFIC) {
			servedWhenReady.putAll(served());
		}
	}

}
