package io.numshield.routing.callback;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.numshield.client.WebhookVerifier;
import io.numshield.core.callback.CallbackKind;
import io.numshield.core.callback.PlatformCallbacks;
import io.numshield.core.number.ManagementNumber;
import io.numshield.core.number.VirtualNumber;
import io.numshield.core.redis.LeaseScript;
import io.numshield.routing.LiveLeases;
import io.numshield.routing.RoutingITSupport;
import io.numshield.testsupport.PhoneFixtures;
import io.numshield.testsupport.TestInfrastructure;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.redisson.client.codec.StringCodec;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * What a platform hears of a call, to a real local HTTP receiver: the routing decision
 * (CALL_STARTED, refused ones with their reason), the call events, the HANGUP with the
 * call's summary, the end of a binding by expiry (BINDING_EXPIRED), each kind only when
 * the platform wants it (its switches, mirrored in {@code p}), and batches of several
 * events in one signed POST when the platform asks for them.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
// a key prefix of its own, and the deliverer gone with the class (see CallEventsIT)
@DirtiesContext
class PlatformCallbacksIT extends RoutingITSupport {

	private static final ObjectMapper JSON = JsonMapper.builder().build();

	private static final AtomicInteger NEXT = new AtomicInteger(50_000);

	CallbackReceiver receiver;

	List<CallbackReceiver.Received> received;

	LiveLeases leases;

	String platformId;

	String secret;

	@DynamicPropertySource
	static void infrastructure(DynamicPropertyRegistry registry) {
		TestInfrastructure.get().register(registry);
		registry.add("numshield.redis.key-prefix", () -> TestInfrastructure.get().keyPrefix() + "pcb:");
		registry.add("numshield.callbacks.poll-interval", () -> "50ms");
		registry.add("numshield.callbacks.initial-backoff", () -> "100ms");
		registry.add("numshield.callbacks.allowed-internal", () -> "127.0.0.1");
	}

	@BeforeEach
	void receiverAndPlatform() throws Exception {
		receiver = CallbackReceiver.start();
		received = receiver.received;
		secret = receiver.secret;
		leases = liveLeases();
		platformId = "pcb-plat-" + NEXT.incrementAndGet();
		leases.platform(platformId, "ACTIVE");
		receiver.register(redisson, keys, protector, platformId);
	}

	@AfterEach
	void stopReceiver() {
		receiver.close();
	}

	@Test
	void everyDecisionThatNamesABindingIsACallStartedRefusedOnesWithTheirReason() {
		VirtualNumber x = freshNumber();
		String a = PhoneFixtures.mobile();
		String b = PhoneFixtures.mobile();
		String bindingId = leases.axb(platformId, x, a, b, "A_TO_B", false);

		assertThat(postRoute(route("start-1", a, x)).statusCode()).isEqualTo(200);
		assertThat(postRoute(route("start-2", b, x)).statusCode()).isEqualTo(200);
		// no binding named: nobody to tell
		assertThat(postRoute(route("start-3", PhoneFixtures.mobile(), freshNumber())).statusCode()).isEqualTo(200);

		JsonNode connected = awaitOne("CALL_STARTED", "start-1");
		assertThat(connected.get("action").asString()).isEqualTo("CONNECT");
		assertThat(connected.has("reason")).isFalse();
		assertThat(connected.get("bindingId").asString()).isEqualTo(bindingId);
		assertThat(connected.get("orderId").asString()).isEqualTo("ORD-R");
		assertThat(connected.get("virtualNumber").asString()).isEqualTo(x.digits());
		assertThat(connected.get("callType").asString()).isEqualTo("VOICE");
		assertThat(connected.get("callerRole").asString()).isEqualTo("A");
		assertThat(connected.get("caller").asString()).isEqualTo(a.substring(0, 3) + "****" + a.substring(7));
		assertThat(Instant.parse(connected.get("occurredAt").asString())).isBetween(Instant.now().minusSeconds(120),
				Instant.now().plusSeconds(120));
		assertThat(connected.get("eventId").asString()).matches("evt_[0-9a-f]{32}");

		JsonNode refused = awaitOne("CALL_STARTED", "start-2");
		assertThat(refused.get("action").asString()).isEqualTo("REJECT");
		assertThat(refused.get("reason").asString()).isEqualTo("DIRECTION_NOT_ALLOWED");
		assertThat(refused.get("callerRole").asString()).isEqualTo("B");
		assertThat(received).extracting(CallbackReceiver.Received::body)
			.noneMatch(body -> body.contains("start-3"))
			.noneMatch(body -> body.contains(a) || body.contains(b));
	}

	@Test
	void theHangupCarriesTheCallsSummary() {
		VirtualNumber x = freshNumber();
		String a = PhoneFixtures.mobile();
		leases.axb(platformId, x, a, PhoneFixtures.mobile(), "BOTH", false);
		Instant ringing = Instant.now().plusSeconds(1);
		Instant answered = ringing.plusSeconds(7);
		Instant ended = answered.plusSeconds(65);

		postRoute(route("sum-1", a, x));
		assertThat(redisson.getBucket(keys.shardBase(x.shard()) + "cs:sum-1", StringCodec.INSTANCE).isExists())
			.as("the summary kept for the HANGUP")
			.isTrue();
		postCallEvent(event("sum-1", a, x, "RINGING", ringing, Map.of()));
		postCallEvent(event("sum-1", a, x, "ANSWERED", answered, Map.of()));
		postCallEvent(event("sum-1", a, x, "HANGUP", ended,
				Map.of("durationSeconds", 65, "releaseCause", 16, "releaseDirection", "CALLER")));

		JsonNode hangup = awaitOne("HANGUP", "sum-1");
		assertThat(hangup.get("type").asString()).isEqualTo("CALL_EVENT");
		JsonNode call = hangup.get("call");
		Instant started = Instant.parse(call.get("startedAt").asString());
		assertThat(started).isBefore(ringing);
		assertThat(Instant.parse(call.get("ringingAt").asString()))
			.isEqualTo(ringing.truncatedTo(java.time.temporal.ChronoUnit.MILLIS));
		assertThat(Instant.parse(call.get("answeredAt").asString()))
			.isEqualTo(answered.truncatedTo(java.time.temporal.ChronoUnit.MILLIS));
		assertThat(Instant.parse(call.get("endedAt").asString()))
			.isEqualTo(ended.truncatedTo(java.time.temporal.ChronoUnit.MILLIS));
		assertThat(call.get("ringSeconds").asInt()).isEqualTo(7);
		assertThat(call.get("talkSeconds").asInt()).isEqualTo(65);
		assertThat(call.get("releaseCause").asInt()).isEqualTo(16);
		assertThat(call.get("releaseDirection").asString()).isEqualTo("CALLER");
		assertThat(redisson.getBucket(keys.shardBase(x.shard()) + "cs:sum-1", StringCodec.INSTANCE).isExists())
			.as("gone at the HANGUP")
			.isFalse();

		// a call that never rang nor was answered: no ring, no talk
		postRoute(route("sum-2", a, x));
		postCallEvent(event("sum-2", a, x, "HANGUP", Instant.now(), Map.of("releaseCause", 17)));
		JsonNode unanswered = awaitOne("HANGUP", "sum-2").get("call");
		assertThat(unanswered.has("ringingAt")).isFalse();
		assertThat(unanswered.has("answeredAt")).isFalse();
		assertThat(unanswered.has("ringSeconds")).isFalse();
		assertThat(unanswered.get("talkSeconds").asInt()).isZero();
		assertThat(unanswered.has("startedAt")).isTrue();
	}

	@Test
	void aKindSwitchedOffQueuesNothing() {
		switches(EnumSet.of(CallbackKind.HANGUP), 1, 1000);
		VirtualNumber x = freshNumber();
		String a = PhoneFixtures.mobile();
		leases.axb(platformId, x, a, PhoneFixtures.mobile(), "BOTH", false);

		postRoute(route("off-1", a, x));
		JsonNode ringing = JSON
			.readTree(postCallEvent(event("off-1", a, x, "RINGING", Instant.now(), Map.of())).body());
		assertThat(ringing.get("delivering").asBoolean()).as("RINGING is switched off").isFalse();
		assertThat(queuedFor(x)).as("neither CALL_STARTED nor RINGING queued").isEmpty();

		// the positive control: the kind that is on arrives
		JsonNode hangup = JSON.readTree(postCallEvent(event("off-1", a, x, "HANGUP", Instant.now(), Map.of())).body());
		assertThat(hangup.get("delivering").asBoolean()).isTrue();
		awaitOne("HANGUP", "off-1");
		assertThat(received).extracting(r -> json(r).path("type").asString() + "/" + json(r).path("event").asString())
			.containsExactly("CALL_EVENT/HANGUP");
	}

	/**
	 * The filter takes a call event's {@code event} by name, so the events other parts
	 * add (RECORDING_READY, SMS_DELIVERED, SMS_FAILED) are switched like the others; a
	 * RECORDING_READY never carries the recording's location.
	 */
	@Test
	void callEventsOfEveryNameAreSwitchedByNameAndARecordingsLocationNeverLeaves() {
		switches(EnumSet.of(CallbackKind.RECORDING_READY, CallbackKind.SMS_DELIVERED), 1, 1000);
		VirtualNumber x = freshNumber();
		String a = PhoneFixtures.mobile();
		String bindingId = leases.axb(platformId, x, a, PhoneFixtures.mobile(), "BOTH", false);

		assertThat(callEventScript("rec-1", bindingId, x, "RECORDING_READY",
				Map.of("recordingLocation", "s3://recordings/rec-1.wav")))
			.containsEntry("queued", true);
		assertThat(callEventScript("sms-1", bindingId, x, "SMS_DELIVERED", Map.of())).containsEntry("queued", true);
		assertThat(callEventScript("sms-2", bindingId, x, "SMS_FAILED", Map.of())).containsEntry("queued", false);

		JsonNode recording = awaitOne("RECORDING_READY", "rec-1");
		assertThat(recording.has("recordingLocation")).isFalse();
		assertThat(received).extracting(CallbackReceiver.Received::body).noneMatch(body -> body.contains("s3://"));
		awaitOne("SMS_DELIVERED", "sms-1");
		assertThat(received).extracting(CallbackReceiver.Received::body).noneMatch(body -> body.contains("sms-2"));
	}

	@Test
	void theSweepTellsThePlatformItsBindingExpired() {
		VirtualNumber x = freshNumber();
		String bindingId = leases.axb(platformId, x, PhoneFixtures.mobile(), PhoneFixtures.mobile(), 200);
		String other = "pcb-off-" + NEXT.incrementAndGet();
		leases.platform(other, PlatformCallbacks.DEFAULT.withoutTarget().mirrorEntry("ACTIVE"));
		VirtualNumber y = freshNumber();
		String silent = leases.axb(other, y, PhoneFixtures.mobile(), PhoneFixtures.mobile(), 200);

		await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(200)).until(() -> {
			sweep(x);
			sweep(y);
			return received.stream().anyMatch(r -> r.body().contains(bindingId));
		});
		JsonNode expired = received.stream()
			.filter(r -> r.body().contains(bindingId))
			.map(PlatformCallbacksIT::json)
			.findFirst()
			.orElseThrow();
		assertThat(expired.get("type").asString()).isEqualTo("BINDING_EXPIRED");
		assertThat(expired.get("bindingId").asString()).isEqualTo(bindingId);
		assertThat(expired.get("orderId").asString()).isEqualTo("ORD-R");
		assertThat(expired.get("mode").asString()).isEqualTo("AXB");
		assertThat(expired.get("virtualNumber").asString()).isEqualTo(x.digits());
		assertThat(Instant.parse(expired.get("expiresAt").asString())).isBefore(Instant.now());
		await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(200)).until(() -> {
			sweep(y);
			return expiredInStream(y, silent);
		});
		assertThat(queuedFor(y)).as("a platform without a callback target is told nothing").isEmpty();
	}

	@Test
	void aReleaseThatFindsTheBindingOverTellsThePlatformItExpired() {
		switches(EnumSet.of(CallbackKind.BINDING_EXPIRED), 1, 1000);
		VirtualNumber x = freshNumber();
		String a = PhoneFixtures.mobile();
		String bindingId = leases.axb(platformId, x, a, PhoneFixtures.mobile(), 100);
		// over by Redis' clock (routing says so), not swept: the release finds it over
		// and
		// records an expiry
		await().atMost(Duration.ofSeconds(10))
			.pollInterval(Duration.ofMillis(100))
			.until(() -> postRoute(route("over-1", a, x)).body().contains("BINDING_EXPIRED"));
		leases.release(bindingId);
		assertThat(expiredInStream(x, bindingId)).isTrue();
		await().atMost(Duration.ofSeconds(15))
			.until(() -> received.stream().anyMatch(r -> r.body().contains(bindingId)));
		assertThat(received).extracting(PlatformCallbacksIT::json)
			.filteredOn(e -> bindingId.equals(e.path("bindingId").asString()))
			.extracting(e -> e.get("type").asString())
			.containsExactly("BINDING_EXPIRED");
	}

	@Test
	void aBatchingPlatformGetsSeveralEventsInOneSignedPost() {
		switches(EnumSet.allOf(CallbackKind.class), 3, 60_000);
		VirtualNumber x = freshNumber();
		String a = PhoneFixtures.mobile();
		String bindingId = leases.axb(platformId, x, a, PhoneFixtures.mobile(), "BOTH", false);
		List<String> eventIds = new ArrayList<>();
		for (String kind : List.of("RINGING", "ANSWERED", "HANGUP")) {
			eventIds.add(JSON.readTree(postCallEvent(event("batch-1", a, x, kind, Instant.now(), Map.of())).body())
				.get("eventId")
				.asString());
		}

		// three held make a full batch: sent at once, not after the minute's window
		await().atMost(Duration.ofSeconds(15)).until(() -> !received.isEmpty());
		assertThat(received).hasSize(1);
		CallbackReceiver.Received batch = received.getFirst();
		String webhookId = new WebhookVerifier(secret).verify(batch.headers(), batch.body());
		assertThat(webhookId).matches("batch_[0-9a-f]{32}");
		JsonNode events = json(batch).get("events");
		assertThat(events).hasSize(3);
		assertThat(events.valueStream().map(e -> e.get("eventId").asString()).toList())
			.containsExactlyInAnyOrderElementsOf(eventIds);
		assertThat(events.valueStream().map(e -> e.get("bindingId").asString()).distinct().toList())
			.containsExactly(bindingId);
		await().atMost(Duration.ofSeconds(5)).until(() -> queuedFor(x).isEmpty());
	}

	@Test
	void aFailedBatchIsRetriedEventByEventUntilDelivered() {
		switches(EnumSet.of(CallbackKind.RINGING), 2, 60_000);
		receiver.answers.add(500);
		VirtualNumber x = freshNumber();
		String a = PhoneFixtures.mobile();
		leases.axb(platformId, x, a, PhoneFixtures.mobile(), "BOTH", false);
		Set<String> eventIds = Set.of(
				JSON.readTree(postCallEvent(event("retry-1", a, x, "RINGING", Instant.now(), Map.of())).body())
					.get("eventId")
					.asString(),
				JSON.readTree(postCallEvent(event("retry-2", a, x, "RINGING", Instant.now(), Map.of())).body())
					.get("eventId")
					.asString());

		await().atMost(Duration.ofSeconds(15)).until(() -> queuedFor(x).isEmpty() && received.size() >= 2);
		assertThat(json(received.getFirst()).get("events")).as("the refused batch").hasSize(2);
		List<String> deliveredAfter = received.subList(1, received.size())
			.stream()
			.flatMap(post -> json(post).get("events").valueStream())
			.map(e -> e.get("eventId").asString())
			.toList();
		assertThat(deliveredAfter).containsExactlyInAnyOrderElementsOf(eventIds);
	}

	@Test
	void aBatchThatIsNotFullGoesWhenItsWindowIsOver() {
		switches(EnumSet.of(CallbackKind.RINGING), 10, 300);
		VirtualNumber x = freshNumber();
		String a = PhoneFixtures.mobile();
		leases.axb(platformId, x, a, PhoneFixtures.mobile(), "BOTH", false);
		postCallEvent(event("window-1", a, x, "RINGING", Instant.now(), Map.of()));
		postCallEvent(event("window-2", a, x, "RINGING", Instant.now(), Map.of()));

		await().atMost(Duration.ofSeconds(15))
			.until(() -> received.stream().mapToInt(r -> json(r).get("events").size()).sum() == 2);
		for (CallbackReceiver.Received post : received) {
			assertThat(new WebhookVerifier(secret).verify(post.headers(), post.body())).startsWith("batch_");
		}
	}

	private static JsonNode json(CallbackReceiver.Received post) {
		return JSON.readTree(post.body());
	}

	private void switches(Set<CallbackKind> kinds, int batchSize, int windowMs) {
		leases.platform(platformId, new PlatformCallbacks(kinds, batchSize, windowMs).mirrorEntry("ACTIVE"));
	}

	private JsonNode awaitOne(String kind, String callId) {
		await().atMost(Duration.ofSeconds(15)).until(() -> find(kind, callId) != null);
		return find(kind, callId);
	}

	private JsonNode find(String kind, String callId) {
		for (CallbackReceiver.Received r : received) {
			JsonNode body = json(r);
			List<JsonNode> all = body.has("events") ? body.get("events").valueStream().toList() : List.of(body);
			for (JsonNode each : all) {
				String what = "CALL_EVENT".equals(each.path("type").asString()) ? each.path("event").asString()
						: each.path("type").asString();
				if (kind.equals(what) && callId.equals(each.path("callId").asString())) {
					return each;
				}
			}
		}
		return null;
	}

	/** The platform's deliveries queued on the number's shard (pending or held). */
	private List<String> queuedFor(VirtualNumber x) {
		return redisson.<String, String>getMap(keys.callbackDeliveries(x.shard()), StringCodec.INSTANCE)
			.readAllValues()
			.stream()
			.filter(d -> d.split("\\|", 4)[2].equals(platformId))
			.toList();
	}

	private Map<String, Object> callEventScript(String callId, String bindingId, VirtualNumber x, String kind,
			Map<String, Object> more) {
		Map<String, Object> details = new LinkedHashMap<>(
				Map.of("event", kind, "occurredAt", Instant.now().toString(), "caller", "138****0000"));
		details.putAll(more);
		return scripts.answer(LeaseScript.CALL_EVENT, keys.shardBase(x.shard()),
				"evt_" + java.util.UUID.randomUUID().toString().replace("-", ""), callId, bindingId, "idx-none",
				x.digits(), JSON.writeValueAsString(details), "1000000", Long.toString(Instant.now().toEpochMilli()));
	}

	private void sweep(VirtualNumber x) {
		scripts.answer(LeaseScript.SWEEP, keys.shardBase(x.shard()), "1000", "100", "86400000");
	}

	private boolean expiredInStream(VirtualNumber x, String bindingId) {
		return redisson.<String, String>getStream(keys.events(x.shard()), StringCodec.INSTANCE)
			.range(org.redisson.api.stream.StreamMessageId.MIN, org.redisson.api.stream.StreamMessageId.MAX)
			.values()
			.stream()
			.anyMatch(e -> "BINDING_EXPIRED".equals(e.get("type")) && bindingId.equals(e.get("bindingId")));
	}

	private VirtualNumber freshNumber() {
		ManagementNumber block = ManagementNumber.segment700("700" + String.format("%08d", NEXT.incrementAndGet()));
		leases.block(block);
		return block.numberAt(3);
	}

	private static Map<String, Object> route(String callId, String caller, VirtualNumber called) {
		return Map.of("callId", callId, "caller", caller, "called", called.digits(), "type", "VOICE");
	}

	private static Map<String, Object> event(String callId, String caller, VirtualNumber called, String kind,
			Instant at, Map<String, Object> more) {
		Map<String, Object> body = new HashMap<>(Map.of("callId", callId, "caller", caller, "called", called.digits(),
				"event", kind, "occurredAt", at.toString()));
		body.putAll(more);
		return body;
	}

}
