package io.numshield.routing.callback;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import io.numshield.core.number.ManagementNumber;
import io.numshield.core.number.VirtualNumber;
import io.numshield.routing.LiveLeases;
import io.numshield.routing.RoutingITSupport;
import io.numshield.testsupport.PhoneFixtures;
import io.numshield.testsupport.TestInfrastructure;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.redisson.client.codec.StringCodec;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A platform that takes half a second to answer each callback gets each one once: the
 * deliverer claims no more deliveries than it has idle senders, so none waits in its
 * queue past its claim ({@code claim-lease}, 3 s here) and is claimed and sent a second
 * time. Eighty events at once to a platform answering in 0.5 s with 8 senders: before,
 * the last of them waited 4–5 s and were sent twice. (Half a second, not a whole one:
 * each answer must come within the 2 s timeout, or its retry is a second delivery that
 * the test would count, and a loaded machine can add a second to a loopback call.)
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@DirtiesContext
class SlowPlatformCallbacksIT extends RoutingITSupport {

	private static final int EVENTS = 80;

	HttpServer receiver;

	final List<String> received = new CopyOnWriteArrayList<>();

	@DynamicPropertySource
	static void infrastructure(DynamicPropertyRegistry registry) {
		TestInfrastructure.get().register(registry);
		// a prefix of its own: no other test class's deliverer sees these deliveries
		registry.add("numshield.redis.key-prefix", () -> TestInfrastructure.get().keyPrefix() + "cbslow:");
		registry.add("numshield.callbacks.poll-interval", () -> "50ms");
		registry.add("numshield.callbacks.claim-lease", () -> "3s");
		registry.add("numshield.callbacks.timeout", () -> "2s");
		registry.add("numshield.callbacks.allowed-internal", () -> "127.0.0.1");
	}

	@AfterEach
	void stopReceiver() {
		if (receiver != null) {
			receiver.stop(0);
		}
	}

	@Test
	void aSlowPlatformGetsEachCallbackOnce() throws Exception {
		receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		receiver.setExecutor(Executors.newFixedThreadPool(32));
		receiver.createContext("/callbacks", exchange -> {
			exchange.getRequestBody().readAllBytes();
			try {
				Thread.sleep(500);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			received.add(exchange.getRequestHeaders().getFirst("webhook-id"));
			exchange.sendResponseHeaders(200, -1);
			exchange.close();
		});
		receiver.start();
		LiveLeases leases = liveLeases();
		leases.platform("slow-plat", "ACTIVE");
		redisson.<String, String>getMap(keys.callbacks(), StringCodec.INSTANCE)
			.fastPut("slow-plat", "http://127.0.0.1:" + receiver.getAddress().getPort() + "/callbacks|"
					+ protector.encryptSecret("whsec_" + java.util.Base64.getEncoder().encodeToString(new byte[32])));
		ManagementNumber block = ManagementNumber.segment700("70090000077");
		leases.block(block);
		VirtualNumber x = block.numberAt(5);
		String a = PhoneFixtures.mobile();
		leases.axb("slow-plat", x, a, PhoneFixtures.mobile(), "BOTH", false);

		for (int i = 0; i < EVENTS; i++) {
			assertThat(postCallEvent(Map.of("callId", "slow-" + i, "caller", a, "called", x.digits(), "event",
					"ANSWERED", "occurredAt", Instant.now().toString()))
				.statusCode()).isEqualTo(202);
		}

		// every delivery settled: the queue of the number's shard is empty, and no sender
		// holds one
		await().atMost(Duration.ofSeconds(60))
			.until(() -> received.stream().distinct().count() == EVENTS
					&& redisson.getMap(keys.callbackDeliveries(x.shard()), StringCodec.INSTANCE).isEmpty());
		await().atMost(Duration.ofSeconds(10)).until(() -> receiverIdle());
		Map<String, Long> perEvent = received.stream()
			.collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
		assertThat(perEvent).hasSize(EVENTS);
		assertThat(perEvent.values()).as("deliveries per event").containsOnly(1L);
	}

	/** No request has been received for longer than one answer takes. */
	private boolean receiverIdle() throws InterruptedException {
		int before = received.size();
		Thread.sleep(1_500);
		return received.size() == before;
	}

}
