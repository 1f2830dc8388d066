package io.numshield.routing.callback;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.MeterRegistry;
import io.numshield.client.WebhookVerificationException;
import io.numshield.client.WebhookVerifier;
import io.numshield.core.callback.CallbackTargetPolicy;
import io.numshield.core.number.ManagementNumber;
import io.numshield.core.number.VirtualNumber;
import io.numshield.routing.LiveLeases;
import io.numshield.routing.RoutingITSupport;
import io.numshield.testsupport.PhoneFixtures;
import io.numshield.testsupport.TestInfrastructure;

import java.net.InetAddress;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.redisson.api.stream.StreamMessageId;
import org.redisson.client.codec.StringCodec;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import org.springframework.test.context.DynamicPropertySource;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * Call events: validated, recorded as CALL_EVENT, and delivered to a real local HTTP
 * receiver, signed (Standard Webhooks, checked with numshield-client's
 * {@link WebhookVerifier}), at least once, with a stable eventId, retried after failures,
 * kept in Redis across a stop of the deliverer, and given up (dead letter) after max-age;
 * never delivered to a target that resolves inside unless the allow-list names it
 * (127.0.0.1 here, as the receiver listens there).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@Import(CallEventsIT.RebindingResolver.class)
// closed after the class, and so after CallEventsMvcPathIT too (inherited): both use this
// class's key prefix, and two contexts alive at once would each deliver the other's
// callbacks
@org.springframework.test.annotation.DirtiesContext
class CallEventsIT extends RoutingITSupport {

	/**
	 * A host name that resolves to the receiver's loopback address, as a re-pointed DNS
	 * name would.
	 */
	static final String REBOUND_HOST = "callbacks.rebound.test";

	/**
	 * A host name whose answers alternate between a public address and the receiver's
	 * loopback one: the deliverer's own look-up sees the public one, the HTTP client's
	 * connection the inside one (DNS rebinding between check and connect).
	 */
	static final String FLIPPING_HOST = "callbacks.flipping.test";

	static final AtomicInteger FLIPS = new AtomicInteger();

	@TestConfiguration(proxyBeanMethods = false)
	static class RebindingResolver {

		@Bean
		@Primary
		CallbackTargetPolicy rebindingPolicy(CallbackProperties properties) {
			return new CallbackTargetPolicy(properties.allowedInternal(), host -> switch (host) {
				case REBOUND_HOST -> new InetAddress[] { InetAddress.getByName("127.0.0.1") };
				case FLIPPING_HOST -> new InetAddress[] {
						InetAddress.getByName(FLIPS.getAndIncrement() % 2 == 0 ? "203.0.113.7" : "127.0.0.1") };
				default -> InetAddress.getAllByName(host);
			});
		}

	}

	private static final ObjectMapper JSON = JsonMapper.builder().build();

	private static final AtomicInteger NEXT = new AtomicInteger(30_000);

	@Autowired
	CallbackDeliverer deliverer;

	@Autowired
	MeterRegistry meters;

	CallbackReceiver receiver;

	List<CallbackReceiver.Received> received;

	Queue<Integer> answers;

	LiveLeases leases;

	String platformId;

	String secret;

	@DynamicPropertySource
	static void infrastructure(DynamicPropertyRegistry registry) {
		TestInfrastructure.get().register(registry);
		// a key prefix of its own: another test class's context (still cached, its
		// deliverer running) would otherwise deliver, retry and give up this class's
		// callbacks and count them in its meters
		registry.add("numshield.redis.key-prefix", () -> TestInfrastructure.get().keyPrefix() + "cb:");
		registry.add("numshield.callbacks.poll-interval", () -> "50ms");
		registry.add("numshield.callbacks.initial-backoff", () -> "100ms");
		registry.add("numshield.callbacks.max-backoff", () -> "400ms");
		registry.add("numshield.callbacks.max-age", () -> "3s");
		registry.add("numshield.callbacks.allowed-internal", () -> "127.0.0.1");
	}

	@BeforeEach
	void receiverAndPlatform() throws Exception {
		receiver = CallbackReceiver.start();
		received = receiver.received;
		answers = receiver.answers;
		secret = receiver.secret;
		leases = liveLeases();
		platformId = "cb-plat-" + NEXT.incrementAndGet();
		leases.platform(platformId, "ACTIVE");
		receiver.register(redisson, keys, protector, platformId);
	}

	@AfterEach
	void stopReceiver() {
		receiver.close();
	}

	@Test
	void recordsAnEventAndDeliversItSignedAfterAFailedAttempt() {
		VirtualNumber x = freshNumber();
		String a = PhoneFixtures.mobile();
		String b = PhoneFixtures.mobile();
		String bindingId = leases.axb(platformId, x, a, b, "BOTH", false);
		answers.add(503);
		double retriedBefore = meters.counter("callbacks.retried").count();

		HttpResponse<String> accepted = postCallEvent(event("call-1", a, x, "HANGUP",
				Map.of("durationSeconds", 42, "releaseCause", 16, "releaseDirection", "CALLEE")));
		assertThat(accepted.statusCode()).isEqualTo(202);
		JsonNode answer = JSON.readTree(accepted.body());
		String eventId = answer.get("eventId").asString();
		assertThat(answer.get("bindingId").asString()).isEqualTo(bindingId);

		await().atMost(Duration.ofSeconds(10)).until(() -> received.size() >= 2);
		assertThat(received).extracting(CallbackReceiver.Received::webhookId).containsExactly(eventId, eventId);
		assertThat(received.get(0).body()).isEqualTo(received.get(1).body());
		CallbackReceiver.Received last = received.get(1);
		assertThat(new WebhookVerifier(secret).verify(last.headers(), last.body())).isEqualTo(eventId);
		assertThat(Long.parseLong(last.headers().get("Webhook-timestamp").get(0)))
			.isCloseTo(Instant.now().getEpochSecond(), org.assertj.core.data.Offset.offset(120L));
		assertThatThrownBy(
				() -> new WebhookVerifier(secret).verify(last.headers(), last.body().replace("HANGUP", "RINGING")))
			.isInstanceOf(WebhookVerificationException.class);
		assertThatThrownBy(() -> new WebhookVerifier(secret, Duration.ofMinutes(5),
				Clock.offset(Clock.systemUTC(), Duration.ofMinutes(6)))
			.verify(last.headers(), last.body())).isInstanceOf(WebhookVerificationException.class);
		JsonNode payload = JSON.readTree(last.body());
		assertThat(payload.get("eventId").asString()).isEqualTo(eventId);
		assertThat(payload.get("bindingId").asString()).isEqualTo(bindingId);
		assertThat(payload.get("event").asString()).isEqualTo("HANGUP");
		assertThat(payload.get("durationSeconds").asInt()).isEqualTo(42);
		assertThat(payload.get("callerRole").asString()).isEqualTo("A");
		assertThat(payload.get("caller").asString()).isEqualTo(a.substring(0, 3) + "****" + a.substring(7));
		assertThat(last.body()).doesNotContain(a).doesNotContain(b);
		// the deliverer counts right after it settles in Redis: the count may come
		// a moment after the state the test saw
		await().atMost(Duration.ofSeconds(5)).until(() -> meters.counter("callbacks.retried").count() > retriedBefore);
		await().atMost(Duration.ofSeconds(5))
			.until(() -> !redisson.getMap(keys.callbackDeliveries(x.shard()), StringCodec.INSTANCE)
				.containsKey(eventId));

		List<Map<String, String>> events = new java.util.ArrayList<>(
				redisson.<String, String>getStream(keys.calls(x.shard()), StringCodec.INSTANCE)
					.range(StreamMessageId.MIN, StreamMessageId.MAX)
					.values());
		assertThat(events).filteredOn(e -> eventId.equals(e.get("eventId")))
			.singleElement()
			.satisfies(e -> assertThat(e).containsEntry("type", "CALL_EVENT")
				.containsEntry("bindingId", bindingId)
				.containsEntry("platformId", platformId));
	}

	@Test
	void recordsAndDeliversTheOutcomesOfAnSmsRelayedThroughTheNumber() {
		VirtualNumber x = freshNumber();
		String a = PhoneFixtures.mobile();
		String b = PhoneFixtures.mobile();
		String bindingId = leases.axb(platformId, x, a, b, "BOTH", false);

		HttpResponse<String> delivered = postCallEvent(event("sms-1", a, x, "SMS_DELIVERED", Map.of()));
		HttpResponse<String> failed = postCallEvent(event("sms-2", b, x, "SMS_FAILED", Map.of("sipStatus", 486)));
		assertThat(delivered.statusCode()).isEqualTo(202);
		assertThat(failed.statusCode()).isEqualTo(202);
		String deliveredId = JSON.readTree(delivered.body()).get("eventId").asString();
		String failedId = JSON.readTree(failed.body()).get("eventId").asString();
		assertThat(JSON.readTree(failed.body()).get("bindingId").asString()).isEqualTo(bindingId);
		assertThat(JSON.readTree(failed.body()).get("delivering").asBoolean()).isTrue();

		await().atMost(Duration.ofSeconds(10))
			.until(() -> received.stream()
				.map(CallbackReceiver.Received::webhookId)
				.toList()
				.containsAll(List.of(deliveredId, failedId)));
		JsonNode smsDelivered = callback(deliveredId);
		assertThat(smsDelivered.get("event").asString()).isEqualTo("SMS_DELIVERED");
		assertThat(smsDelivered.get("callId").asString()).isEqualTo("sms-1");
		assertThat(smsDelivered.get("callerRole").asString()).isEqualTo("A");
		assertThat(smsDelivered.has("sipStatus")).isFalse();
		JsonNode smsFailed = callback(failedId);
		assertThat(smsFailed.get("event").asString()).isEqualTo("SMS_FAILED");
		assertThat(smsFailed.get("sipStatus").asInt()).isEqualTo(486);
		assertThat(smsFailed.get("callerRole").asString()).isEqualTo("B");
		assertThat(smsFailed.get("bindingId").asString()).isEqualTo(bindingId);
		assertThat(received).extracting(CallbackReceiver.Received::body)
			.allSatisfy(body -> assertThat(body).doesNotContain(a).doesNotContain(b));

		Map<String, String> recorded = redisson.<String, String>getStream(keys.calls(x.shard()), StringCodec.INSTANCE)
			.range(StreamMessageId.MIN, StreamMessageId.MAX)
			.values()
			.stream()
			.filter(e -> failedId.equals(e.get("eventId")))
			.findFirst()
			.orElseThrow();
		assertThat(recorded).containsEntry("type", "CALL_EVENT")
			.containsEntry("callId", "sms-2")
			.containsEntry("bindingId", bindingId)
			.containsEntry("callerRole", "B");
		JsonNode details = JSON.readTree(recorded.get("details"));
		assertThat(details.get("event").asString()).isEqualTo("SMS_FAILED");
		assertThat(details.get("sipStatus").asInt()).isEqualTo(486);
		assertThat(recorded.values()).noneMatch(value -> value.contains(a) || value.contains(b));
		assertThat(meters.counter("call.events", "event", "SMS_FAILED", "queued", "true").count()).isPositive();
	}

	private JsonNode callback(String eventId) {
		return JSON
			.readTree(received.stream().filter(r -> eventId.equals(r.webhookId())).findFirst().orElseThrow().body());
	}

	@Test
	void keepsPendingDeliveriesInRedisWhileTheDelivererIsStopped() {
		VirtualNumber x = freshNumber();
		String a = PhoneFixtures.mobile();
		leases.axn(platformId, x, a);
		deliverer.stop();
		try {
			String eventId = JSON
				.readTree(postCallEvent(event("call-2", PhoneFixtures.mobile(), x, "RINGING", Map.of())).body())
				.get("eventId")
				.asString();
			assertThat(
					redisson.getScoredSortedSet(keys.callbackQueue(x.shard()), StringCodec.INSTANCE).contains(eventId))
				.isTrue();
			assertThat(received).isEmpty();
		}
		finally {
			deliverer.start();
		}
		await().atMost(Duration.ofSeconds(10)).until(() -> received.size() == 1);
		assertThat(JSON.readTree(received.get(0).body()).get("callerRole").asString()).isEqualTo("OTHER");
	}

	@Test
	void givesUpAfterMaxAgeIntoTheDeadLetters() {
		VirtualNumber x = freshNumber();
		String a = PhoneFixtures.mobile();
		leases.axb(platformId, x, a, PhoneFixtures.mobile(), "BOTH", false);
		for (int i = 0; i < 100; i++) {
			answers.add(500);
		}
		double deadBefore = meters.counter("callbacks.dead").count();
		String eventId = JSON.readTree(postCallEvent(event("call-3", a, x, "ANSWERED", Map.of())).body())
			.get("eventId")
			.asString();

		await().atMost(Duration.ofSeconds(15))
			.until(() -> redisson.getMap(keys.deadCallbacks(x.shard()), StringCodec.INSTANCE).containsKey(eventId));
		assertThat(received.size()).isGreaterThan(2);
		await().atMost(Duration.ofSeconds(5)).until(() -> meters.counter("callbacks.dead").count() > deadBefore);
		assertThat(
				redisson.<String, String>getMap(keys.deadCallbackReasons(x.shard()), StringCodec.INSTANCE).get(eventId))
			.startsWith("MAX_AGE")
			.contains("HTTP 500");
		assertThat(redisson.getScoredSortedSet(keys.callbackQueue(x.shard()), StringCodec.INSTANCE).contains(eventId))
			.isFalse();
	}

	@Test
	void neverDeliversToATargetThatResolvesInsideAndDoesNotRetryIt() {
		int port = receiver.port();
		for (String target : List.of("http://" + REBOUND_HOST + ":" + port + "/callbacks",
				"http://" + FLIPPING_HOST + ":" + port + "/callbacks", "http://127.0.0.2:" + port + "/callbacks",
				"http://localhost:" + port + "/callbacks")) {
			String inside = "cb-inside-" + NEXT.incrementAndGet();
			leases.platform(inside, "ACTIVE");
			redisson.<String, String>getMap(keys.callbacks(), StringCodec.INSTANCE)
				.fastPut(inside, target + "|" + protector.encryptSecret(secret));
			VirtualNumber x = freshNumber();
			String a = PhoneFixtures.mobile();
			leases.axb(inside, x, a, PhoneFixtures.mobile(), "BOTH", false);
			double refusedBefore = meters.counter("callbacks.refused").count();

			String eventId = JSON.readTree(postCallEvent(event("call-in", a, x, "ANSWERED", Map.of())).body())
				.get("eventId")
				.asString();

			await().atMost(Duration.ofSeconds(10))
				.until(() -> redisson.getMap(keys.deadCallbacks(x.shard()), StringCodec.INSTANCE).containsKey(eventId));
			assertThat(redisson.<String, String>getMap(keys.deadCallbackReasons(x.shard()), StringCodec.INSTANCE)
				.get(eventId)).as(target)
				.startsWith("FORBIDDEN_TARGET")
				.containsAnyOf("loopback", "local or metadata host name");
			await().atMost(Duration.ofSeconds(5))
				.until(() -> meters.counter("callbacks.refused").count() >= refusedBefore + 1);
			assertThat(meters.counter("callbacks.refused").count()).as(target).isEqualTo(refusedBefore + 1);
			assertThat(
					redisson.getScoredSortedSet(keys.callbackQueue(x.shard()), StringCodec.INSTANCE).contains(eventId))
				.isFalse();
			assertThat(received).as(target).extracting(CallbackReceiver.Received::webhookId).doesNotContain(eventId);
		}
	}

	@Test
	void recordsButDeliversNothingForACallWithoutBinding() {
		VirtualNumber x = freshNumber();
		HttpResponse<String> accepted = postCallEvent(event("call-4", PhoneFixtures.mobile(), x, "RINGING", Map.of()));
		assertThat(accepted.statusCode()).isEqualTo(202);
		assertThat(JSON.readTree(accepted.body()).get("delivering").asBoolean()).isFalse();
	}

	@Test
	void keepsARecordingsLocationForTheAuditAloneNeverInTheCallback() {
		VirtualNumber x = freshNumber();
		String a = PhoneFixtures.mobile();
		String bindingId = leases.axb(platformId, x, a, PhoneFixtures.mobile(), "BOTH", true);
		String location = "recordings/2026/11/call-rec-" + NEXT.incrementAndGet() + ".wav";
		Map<String, Object> ready = event("call-rec", a, x, "RECORDING_READY", Map.of("recordingLocation", location));

		HttpResponse<String> accepted = postCallEvent(ready);
		assertThat(accepted.statusCode()).isEqualTo(202);
		String eventId = JSON.readTree(accepted.body()).get("eventId").asString();
		await().atMost(Duration.ofSeconds(10)).until(() -> received.size() == 1);
		JsonNode payload = JSON.readTree(received.get(0).body());
		assertThat(payload.get("event").asString()).isEqualTo("RECORDING_READY");
		assertThat(payload.get("bindingId").asString()).isEqualTo(bindingId);
		assertThat(received.get(0).body()).doesNotContain(location).doesNotContain("recordingLocation");

		List<Map<String, String>> entries = redisson
			.<String, String>getStream(keys.calls(x.shard()), StringCodec.INSTANCE)
			.range(StreamMessageId.MIN, StreamMessageId.MAX)
			.values()
			.stream()
			.filter(e -> "call-rec".equals(e.get("callId")))
			.toList();
		// the location's entry first, then the event's, which holds no location
		assertThat(entries).extracting(e -> e.get("type")).containsExactly("CALL_RECORDING", "CALL_EVENT");
		assertThat(entries.get(1)).containsEntry("eventId", eventId);
		assertThat(entries.get(1).toString()).doesNotContain(location);
		assertThat(entries.get(0).toString()).doesNotContain(location);
		assertThat(protector.decryptRecordingLocation(entries.get(0).get("recordingLocation"))).isEqualTo(location);
		assertThat(entries.get(0)).containsEntry("virtualNumber", x.digits());

		// a location only with RECORDING_READY, and RECORDING_READY only with one:
		// refused,
		// nothing recorded
		Map<String, Object> noLocation = event("call-rec-2", a, x, "RECORDING_READY", Map.of());
		Map<String, Object> strayLocation = event("call-rec-2", a, x, "HANGUP", Map.of("recordingLocation", location));
		Map<String, Object> tooLong = event("call-rec-2", a, x, "RECORDING_READY",
				Map.of("recordingLocation", "k".repeat(1025)));
		Map<String, Object> spaced = event("call-rec-2", a, x, "RECORDING_READY",
				Map.of("recordingLocation", "two words"));
		for (Map<String, Object> bad : List.of(noLocation, strayLocation, tooLong, spaced)) {
			HttpResponse<String> refused = postCallEvent(bad);
			assertThat(refused.statusCode()).as(bad.toString()).isEqualTo(400);
			assertThat(refused.body()).contains("VALIDATION_FAILED");
		}
		assertThat(redisson.<String, String>getStream(keys.calls(x.shard()), StringCodec.INSTANCE)
			.range(StreamMessageId.MIN, StreamMessageId.MAX)
			.values()
			.stream()
			.filter(e -> "call-rec-2".equals(e.get("callId")))).isEmpty();
	}

	@Test
	void refusesMalformedEvents() {
		VirtualNumber x = freshNumber();
		String a = PhoneFixtures.mobile();
		long recordedBefore = redisson.getStream(keys.calls(x.shard()), StringCodec.INSTANCE).size();
		for (Map<String, Object> bad : List.of(event("c", a, x, "DIALING", Map.of()),
				event("c", a, x, "HANGUP", Map.of("releaseCause", 300)),
				event("c", a, x, "HANGUP", Map.of("durationSeconds", -1)),
				event("c", a, x, "HANGUP", Map.of("releaseDirection", "NOBODY")),
				event("c", a, x, "SMS_FAILED", Map.of("sipStatus", 200)),
				event("c", a, x, "SMS_FAILED", Map.of("sipStatus", 700)),
				event("c", a, x, "SMS_FAILED", Map.of("sipStatus", "busy")))) {
			HttpResponse<String> refused = postCallEvent(bad);
			assertThat(refused.statusCode()).isEqualTo(400);
			assertThat(refused.body()).contains("VALIDATION_FAILED");
		}
		Map<String, Object> notVirtual = event("c", a, x, "HANGUP", Map.of());
		notVirtual.put("called", "12345");
		assertThat(postCallEvent(notVirtual).body()).contains("INVALID_VIRTUAL_NUMBER");
		Map<String, Object> noTime = event("c", a, x, "HANGUP", Map.of());
		noTime.remove("occurredAt");
		assertThat(postCallEvent(noTime).body()).contains("VALIDATION_FAILED");
		assertThat(redisson.getStream(keys.calls(x.shard()), StringCodec.INSTANCE).size()).as("recorded")
			.isEqualTo(recordedBefore);
	}

	@org.springframework.beans.factory.annotation.Value("${numshield.routing.hot-path.enabled:true}")
	boolean hotPath;

	@Test
	void answersOnThePathItIsConfiguredFor() {
		VirtualNumber x = freshNumber();
		double observedBefore = observedEvents();
		assertThat(postCallEvent(event("call-5", PhoneFixtures.mobile(), x, "RINGING", Map.of())).statusCode())
			.isEqualTo(202);
		// Spring's observation of the request (http.server.requests) is what the hot path
		// leaves out
		await().atMost(Duration.ofSeconds(5))
			.untilAsserted(() -> assertThat(observedEvents() - observedBefore).as("observed by Spring MVC")
				.isEqualTo(hotPath ? 0 : 1));
		assertThat(meters.counter("call.events", "event", "RINGING", "queued", "false").count()).isPositive();
	}

	/**
	 * Call events Spring MVC observed so far, every status: what the hot path leaves out.
	 */
	private double observedEvents() {
		return meters.find("http.server.requests")
			.tag("uri", "/v1/call-events")
			.timers()
			.stream()
			.mapToDouble(io.micrometer.core.instrument.Timer::count)
			.sum();
	}

	private VirtualNumber freshNumber() {
		ManagementNumber block = ManagementNumber.segment700("700" + String.format("%08d", NEXT.incrementAndGet()));
		leases.block(block);
		return block.numberAt(3);
	}

	private static Map<String, Object> event(String callId, String caller, VirtualNumber called, String kind,
			Map<String, Object> more) {
		Map<String, Object> body = new HashMap<>(Map.of("callId", callId, "caller", caller, "called", called.digits(),
				"event", kind, "occurredAt", Instant.now().toString()));
		body.putAll(more);
		return body;
	}

}
