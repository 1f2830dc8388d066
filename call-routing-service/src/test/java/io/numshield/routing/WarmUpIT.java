package io.numshield.routing;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.MeterRegistry;
import io.numshield.core.number.VirtualShard;
import io.numshield.core.redis.RedisKeys;
import io.numshield.testsupport.TestInfrastructure;
import io.numshield.testsupport.WarmUpStartup;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import org.junit.jupiter.api.Test;
import org.redisson.api.RedissonClient;
import org.redisson.api.stream.StreamMessageId;
import org.redisson.client.codec.StringCodec;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;

/**
 * The warm-up (ADR 0010) on call-routing-service: routes and call events ran over
 * loopback before the service reported healthy or ready, and left nothing behind: no key
 * under the warm-up's prefix, no entry on the real audit streams, no count in
 * {@code routing.decision} or {@code call.events}.
 */
@DirtiesContext
@TestPropertySource(properties = { "numshield.warmup.enabled=true", "numshield.warmup.duration=1s",
		"numshield.warmup.connections=2" })
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class WarmUpIT {

	@LocalServerPort
	int port;

	@Autowired
	RedissonClient redisson;

	@Autowired
	RedisKeys keys;

	@Autowired
	MeterRegistry meters;

	@Autowired
	Startup startup;

	@DynamicPropertySource
	static void infrastructure(DynamicPropertyRegistry registry) {
		TestInfrastructure.get().register(registry);
	}

	@Test
	void servedRoutesAndCallEventsBeforeReportingReady() throws Exception {
		assertThat(startup.healthBeforeWarmUp()).as("/actuator/health while the warm-up runs").isEqualTo(503);
		assertThat(startup.servedWhenReady()).as("warm-up requests when readiness flipped").containsKeys("200", "202");
		assertThat(startup.servedWhenReady().values()).allMatch(n -> n > 0);
		assertThat(startup.served()).as("every warm-up request answered as expected").containsOnlyKeys("200", "202");
		assertThat(HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/health")).build(),
					HttpResponse.BodyHandlers.ofString())
			.body()).endsWith("\"status\":\"UP\"}");
	}

	@Test
	void leftNothingBehind() {
		assertThat(redisson.getKeys().getKeysByPattern(keys.prefix() + "warm:*")).isEmpty();
		for (VirtualShard shard : VirtualShard.all()) {
			for (String name : keys.auditStreams(shard)) {
				var stream = redisson.<String, String>getStream(name, StringCodec.INSTANCE);
				if (stream.isExists()) {
					// the warm-up's entries went to its own prefix's streams, not to
					// these (what the audit service reads)
					assertThat(stream.range(StreamMessageId.MIN, StreamMessageId.MAX).values())
						.noneMatch(e -> e.values().stream().anyMatch(v -> v.startsWith("warm-up")));
				}
			}
		}
		assertThat(meters.find("routing.decision").timers()).allMatch(t -> t.count() == 0);
		assertThat(meters.find("call.events").counters()).allMatch(c -> c.count() == 0);
	}

	/** Records the start as {@link WarmUpStartup} does. */
	@TestConfiguration
	static class Startup extends WarmUpStartup {

	}

}
