package io.numshield.routing;

import static org.assertj.core.api.Assertions.assertThat;

import io.numshield.core.number.ManagementNumber;
import io.numshield.core.number.VirtualNumber;
import io.numshield.core.token.Audience;
import io.numshield.core.token.Role;
import io.numshield.testsupport.PhoneFixtures;
import io.numshield.testsupport.TestInfrastructure;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.redisson.api.RBatch;
import org.redisson.api.options.KeysScanOptions;
import org.redisson.api.stream.StreamAddArgs;
import org.redisson.api.stream.StreamMessageId;
import org.redisson.client.codec.StringCodec;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * Every routing rule and every REJECT reason of the contract, against leases the lease
 * scripts wrote.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class CallRoutingIT extends RoutingITSupport {

	private static final ObjectMapper JSON = JsonMapper.builder().build();

	private static final AtomicInteger NEXT_BLOCK = new AtomicInteger(20_000);

	private static final AtomicInteger NEXT_CALL = new AtomicInteger();

	/** Entries a shard's call stream may hold in these tests. */
	private static final int CALL_STREAM_LIMIT = 500;

	LiveLeases leases;

	String platformId;

	@DynamicPropertySource
	static void infrastructure(DynamicPropertyRegistry registry) {
		TestInfrastructure.get().register(registry);
		registry.add("numshield.routing.call-rate-limit", () -> "5");
		registry.add("numshield.routing.carriers.misses-per-second", () -> "20");
		registry.add("numshield.routing.call-stream-limit", () -> Integer.toString(CALL_STREAM_LIMIT));
	}

	@BeforeEach
	void platform() {
		leases = liveLeases();
		platformId = "route-plat-" + NEXT_CALL.incrementAndGet();
		leases.platform(platformId, "ACTIVE");
	}

	@Test
	void connectsTheTwoPartiesOfAnAxbBindingBothWays() {
		VirtualNumber x = freshNumber();
		String a = PhoneFixtures.mobile();
		String b = PhoneFixtures.mobile();
		String id = leases.axb(platformId, x, a, b, "BOTH", true);

		JsonNode aCalls = route(a, x, "VOICE");
		assertThat(aCalls.get("action").asString()).isEqualTo("CONNECT");
		assertThat(aCalls.get("bindingId").asString()).isEqualTo(id);
		assertThat(aCalls.get("callee").asString()).isEqualTo(PhoneFixtures.e164(b));
		assertThat(aCalls.get("displayNumber").asString()).isEqualTo(x.digits());
		assertThat(aCalls.get("record").asBoolean()).isTrue();

		JsonNode bCalls = route(PhoneFixtures.e164(b), x, "SMS");
		assertThat(bCalls.get("action").asString()).isEqualTo("CONNECT");
		assertThat(bCalls.get("callee").asString()).isEqualTo(PhoneFixtures.e164(a));

		assertThat(reason(route(PhoneFixtures.mobile(), x, "VOICE"))).isEqualTo("CALLER_NOT_PARTY");
	}

	@Test
	void honoursTheDirectionOfABinding() {
		VirtualNumber x = freshNumber();
		String a = PhoneFixtures.mobile();
		String b = PhoneFixtures.mobile();
		leases.axb(platformId, x, a, b, "A_TO_B", false);
		assertThat(route(a, x, "VOICE").get("action").asString()).isEqualTo("CONNECT");
		assertThat(reason(route(b, x, "VOICE"))).isEqualTo("DIRECTION_NOT_ALLOWED");

		VirtualNumber y = freshNumber();
		leases.axb(platformId, y, a, b, "B_TO_A", false);
		assertThat(reason(route(a, y, "SMS"))).isEqualTo("DIRECTION_NOT_ALLOWED");
		assertThat(route(b, y, "SMS").get("callee").asString()).isEqualTo(PhoneFixtures.e164(a));
	}

	@Test
	void putsAnyoneThroughToAnAxnHolderWhoCanCallTheLastCallerBack() {
		VirtualNumber x = freshNumber();
		String holder = PhoneFixtures.mobile();
		leases.axn(platformId, x, holder);

		assertThat(reason(route(holder, x, "VOICE"))).isEqualTo("NO_RECENT_CALLER");
		String courier = PhoneFixtures.mobile();
		JsonNode inbound = route(courier, x, "VOICE");
		assertThat(inbound.get("action").asString()).isEqualTo("CONNECT");
		assertThat(inbound.get("callee").asString()).isEqualTo(PhoneFixtures.e164(holder));
		String another = PhoneFixtures.mobile();
		route(another, x, "SMS");

		JsonNode callBack = route(holder, x, "VOICE");
		assertThat(callBack.get("action").asString()).isEqualTo("CONNECT");
		assertThat(callBack.get("callee").asString()).isEqualTo(PhoneFixtures.e164(another));
	}

	@Test
	void answersBindingExpiredAfterAReleaseAndNoBindingWhereThereNeverWasOne() {
		VirtualNumber x = freshNumber();
		String a = PhoneFixtures.mobile();
		String b = PhoneFixtures.mobile();
		String id = leases.axb(platformId, x, a, b, "BOTH", false);
		leases.release(id);
		assertThat(reason(route(a, x, "VOICE"))).isEqualTo("BINDING_EXPIRED");
		assertThat(reason(route(b, x, "VOICE"))).isEqualTo("BINDING_EXPIRED");
		assertThat(reason(route(PhoneFixtures.mobile(), x, "VOICE"))).isEqualTo("NO_BINDING");
		assertThat(reason(route(PhoneFixtures.mobile(), freshNumber(), "VOICE"))).isEqualTo("NO_BINDING");
	}

	@Test
	void rejectsCallsOfSuspendedPlatformsAndBlockedCallers() {
		VirtualNumber x = freshNumber();
		String a = PhoneFixtures.mobile();
		String b = PhoneFixtures.mobile();
		leases.axb(platformId, x, a, b, "BOTH", false);
		leases.platform(platformId, "SUSPENDED");
		assertThat(reason(route(a, x, "VOICE"))).isEqualTo("PLATFORM_SUSPENDED");
		leases.platform(platformId, "ACTIVE");
		assertThat(route(a, x, "VOICE").get("action").asString()).isEqualTo("CONNECT");

		leases.blockCaller(b);
		assertThat(reason(route(b, x, "VOICE"))).isEqualTo("CALLER_BLOCKED");
	}

	@Test
	void stopsACallerWhoDialsTooManyNumbers() {
		String scanner = PhoneFixtures.mobile();
		ManagementNumber block = ManagementNumber
			.segment700("700" + String.format("%08d", NEXT_BLOCK.incrementAndGet()));
		leases.block(block);
		List<String> reasons = new ArrayList<>();
		for (int i = 0; i < 6; i++) {
			reasons.add(reason(route(scanner, block.numberAt(i), "VOICE")));
		}
		assertThat(reasons.subList(0, 5)).containsOnly("NO_BINDING");
		assertThat(reasons.get(5)).isEqualTo("CALL_RATE_EXCEEDED");
	}

	@Test
	void recordsEveryDecisionAsCallRouted() {
		VirtualNumber x = freshNumber();
		String a = PhoneFixtures.mobile();
		String id = leases.axb(platformId, x, a, PhoneFixtures.mobile(), "BOTH", false);
		String callId = "call-" + NEXT_CALL.incrementAndGet();
		post(Map.of("callId", callId, "caller", a, "called", x.digits(), "type", "VOICE"), token(Role.CARRIER));

		List<Map<String, String>> events = new ArrayList<>();
		var stream = redisson.<String, String>getStream(keys.calls(x.shard()), StringCodec.INSTANCE);
		stream.range(StreamMessageId.MIN, StreamMessageId.MAX).values().forEach(events::add);
		assertThat(events).filteredOn(e -> callId.equals(e.get("callId")))
			.singleElement()
			.satisfies(e -> assertThat(e).containsEntry("type", "CALL_ROUTED")
				.containsEntry("action", "CONNECT")
				.containsEntry("bindingId", id)
				.containsEntry("platformId", platformId)
				.containsEntry("virtualNumber", x.digits())
				.containsKey("callerIndex"));
		// the lease stream carries no call: calls cannot fill what leases need
		assertThat(redisson.<String, String>getStream(keys.events(x.shard()), StringCodec.INSTANCE)
			.range(StreamMessageId.MIN, StreamMessageId.MAX)
			.values()).noneMatch(e -> callId.equals(e.get("callId")));
	}

	@Test
	void aFullCallStreamRefusesCallsOfItsShardWithoutTouchingLeases() {
		VirtualNumber x = freshNumber();
		String a = PhoneFixtures.mobile();
		leases.axb(platformId, x, a, PhoneFixtures.mobile(), "BOTH", false);
		VirtualNumber elsewhere = freshNumber();
		String c = PhoneFixtures.mobile();
		leases.axb(platformId, elsewhere, c, PhoneFixtures.mobile(), "BOTH", false);
		var calls = redisson.<String, String>getStream(keys.calls(x.shard()), StringCodec.INSTANCE);
		var leaseStream = redisson.<String, String>getStream(keys.events(x.shard()), StringCodec.INSTANCE);
		try {
			RBatch fill = redisson.createBatch();
			for (int i = (int) (calls.isExists() ? calls.size() : 0); i < CALL_STREAM_LIMIT; i++) {
				fill.<String, String>getStream(keys.calls(x.shard()), StringCodec.INSTANCE)
					.addAsync(StreamAddArgs.entries(Map.of("v", "1", "type", "FILLER")));
			}
			fill.execute();
			long leaseEntries = leaseStream.size();

			HttpResponse<String> refused = post(
					Map.of("callId", "call-full", "caller", a, "called", x.digits(), "type", "VOICE"),
					token(Role.CARRIER));
			assertThat(refused.statusCode()).isEqualTo(503);
			assertThat(JSON.readTree(refused.body()).get("code").asString()).isEqualTo("AUDIT_BACKLOG");
			HttpResponse<String> event = post("/v1/call-events", Map.of("callId", "call-full", "caller", a, "called",
					x.digits(), "event", "RINGING", "occurredAt", Instant.now().toString()), token(Role.CARRIER));
			assertThat(event.statusCode()).isEqualTo(503);
			assertThat(event.body()).contains("AUDIT_BACKLOG");
			// nothing recorded, nothing changed: no entry on either stream
			assertThat(calls.size()).isEqualTo(CALL_STREAM_LIMIT);
			assertThat(leaseStream.size()).isEqualTo(leaseEntries);
			// another shard's calls go on
			assertThat(route(c, elsewhere, "VOICE").get("action").asString()).isEqualTo("CONNECT");
		}
		finally {
			calls.delete();
		}
		assertThat(route(a, x, "VOICE").get("action").asString()).isEqualTo("CONNECT");
	}

	@Test
	void refusesMalformedQuestionsAndOtherRoles() {
		VirtualNumber x = freshNumber();
		HttpResponse<String> notVirtual = post(
				Map.of("callId", "c1", "caller", PhoneFixtures.mobile(), "called", "12345", "type", "VOICE"),
				token(Role.CARRIER));
		assertThat(notVirtual.statusCode()).isEqualTo(400);
		assertThat(notVirtual.body()).contains("INVALID_VIRTUAL_NUMBER");
		HttpResponse<String> badCaller = post(
				Map.of("callId", "c1", "caller", "10086", "called", x.digits(), "type", "VOICE"), token(Role.CARRIER));
		assertThat(badCaller.statusCode()).isEqualTo(400);
		assertThat(badCaller.body()).contains("INVALID_PHONE_NUMBER");
		HttpResponse<String> noType = post(
				Map.of("callId", "c1", "caller", PhoneFixtures.mobile(), "called", x.digits()), token(Role.CARRIER));
		assertThat(noType.body()).contains("VALIDATION_FAILED");

		Map<String, Object> fine = Map.of("callId", "c1", "caller", PhoneFixtures.mobile(), "called", x.digits(),
				"type", "VOICE");
		assertThat(post(fine, null).statusCode()).isEqualTo(401);
		assertThat(post(fine, token(Role.PLATFORM)).statusCode()).isEqualTo(403);
		assertThat(post(fine, token(Role.REGULATOR)).body()).contains("FORBIDDEN");
		io.numshield.testsupport.ForgedTokens
			.against(Audience.ROUTING,
					io.numshield.core.token.TokenClaims.carrier("ck_forged", List.of(LiveLeases.POOL)))
			.forEach((how, forged) -> assertThat(post(fine, forged).statusCode()).as(how).isEqualTo(401));
	}

	@Test
	void refusesNumbersOutsideTheCarriersPoolsBeforeReadingOrRecordingAnything() {
		ManagementNumber foreign = ManagementNumber
			.segment700("700" + String.format("%08d", NEXT_BLOCK.incrementAndGet()));
		leases.block(foreign, "another-carriers-pool");
		VirtualNumber x = foreign.numberAt(7);
		String holder = PhoneFixtures.mobile();
		leases.axn(platformId, x, holder);
		ManagementNumber unknown = ManagementNumber
			.segment700("700" + String.format("%08d", NEXT_BLOCK.incrementAndGet()));
		long eventsBefore = redisson.getStream(keys.events(x.shard()), StringCodec.INSTANCE).size();

		for (VirtualNumber called : List.of(x, unknown.numberAt(3))) {
			HttpResponse<String> refused = post(Map.of("callId", "scope-" + NEXT_CALL.incrementAndGet(), "caller",
					PhoneFixtures.mobile(), "called", called.digits(), "type", "VOICE"), token(Role.CARRIER));
			assertThat(refused.statusCode()).isEqualTo(403);
			assertThat(refused.body()).contains("\"code\":\"OUT_OF_SCOPE\"").doesNotContain(PhoneFixtures.e164(holder));
		}
		// nothing recorded: no CALL_ROUTED, and the AXN holder's last caller is not the
		// stranger
		assertThat(redisson.getStream(keys.events(x.shard()), StringCodec.INSTANCE).size()).isEqualTo(eventsBefore);
		assertThat(redisson.<String, String>getMap(keys.routes(x), StringCodec.INSTANCE).get("L")).isNull();
		// the carrier that serves the pool is put through
		String theirs = TestInfrastructure.get()
			.mintToken(Audience.ROUTING, "their-carrier", Role.CARRIER, null, "another-carriers-pool");
		HttpResponse<String> served = post(Map.of("callId", "scope-" + NEXT_CALL.incrementAndGet(), "caller",
				PhoneFixtures.mobile(), "called", x.digits(), "type", "VOICE"), theirs);
		assertThat(served.body()).contains("CONNECT");
	}

	@Test
	void stopsACarrierKeyThatWalksNumbersWithRandomCallers() {
		String walker = TestInfrastructure.get()
			.mintToken(Audience.ROUTING, "walking-carrier", Role.CARRIER, null, LiveLeases.POOL);
		ManagementNumber block = ManagementNumber
			.segment700("700" + String.format("%08d", NEXT_BLOCK.incrementAndGet()));
		leases.block(block);
		VirtualNumber x = freshNumber();
		String a = PhoneFixtures.mobile();
		leases.axb(platformId, x, a, PhoneFixtures.mobile(), "BOTH", false);
		Map<String, Object> real = Map.of("callId", "walk-real", "caller", a, "called", x.digits(), "type", "VOICE");
		int connected = 0;
		HttpResponse<String> last = null;
		for (int i = 0; i < 2000 && (last == null || last.statusCode() != 429); i++) {
			last = post(Map.of("callId", "walk-" + i, "caller", PhoneFixtures.mobile(), "called",
					block.numberAt(i % block.size()).digits(), "type", "VOICE"), walker);
			connected += last.body().contains("CONNECT") ? 1 : 0;
		}
		assertThat(last.statusCode()).isEqualTo(429);
		assertThat(last.headers().firstValue("Retry-After")).hasValue("5");
		assertThat(last.body()).contains("\"code\":\"RATE_LIMITED\"");
		assertThat(connected).isZero();
		// stopped for the cool-down (5 s), even for a number that would connect; another
		// carrier key is not affected
		assertThat(post(real, walker).statusCode()).isEqualTo(429);
		assertThat(post(real, token(Role.CARRIER)).body()).contains("CONNECT");
	}

	@Test
	void leavesNoRealNumberInRedisOrTheLog() throws Exception {
		VirtualNumber x = freshNumber();
		String holder = PhoneFixtures.mobile();
		leases.axn(platformId, x, holder);
		route(PhoneFixtures.mobile(), x, "VOICE");
		route(holder, x, "VOICE");
		post(Map.of("callId", "c-bad", "caller", "10086", "called", x.digits(), "type", "VOICE"), token(Role.CARRIER));

		StringBuilder dump = new StringBuilder();
		var redisKeys = redisson.getKeys();
		for (String key : redisKeys.getKeys(KeysScanOptions.defaults().pattern(keys.prefix() + "*").chunkSize(1000))) {
			dump.append(key).append('\n');
			switch (redisKeys.getType(key)) {
				case MAP -> dump.append(redisson.getMap(key, StringCodec.INSTANCE).readAllMap());
				case SET -> dump.append(redisson.getSet(key, StringCodec.INSTANCE).readAll());
				case ZSET -> dump.append(redisson.getScoredSortedSet(key, StringCodec.INSTANCE).readAll());
				case LIST -> dump.append(redisson.getList(key, StringCodec.INSTANCE).readAll());
				case STREAM -> dump.append(
						redisson.getStream(key, StringCodec.INSTANCE).range(StreamMessageId.MIN, StreamMessageId.MAX));
				case OBJECT -> dump.append(redisson.getBucket(key, StringCodec.INSTANCE).get());
				case null, default -> {
				}
			}
			dump.append('\n');
		}
		String log = Files.readString(Path.of("target/test-logs/call-routing-service.log"));
		assertThat(dump.toString()).contains("CALL_ROUTED");
		assertThat(log).contains("INVALID_PHONE_NUMBER");
		for (String number : PhoneFixtures.issued()) {
			for (String form : PhoneFixtures.forms(number)) {
				assertThat(dump.toString()).as("Redis").doesNotContain(form);
				assertThat(log).as("log").doesNotContain(form);
			}
		}
	}

	@Test
	void reportsHealthWithRedis() throws Exception {
		HttpResponse<String> health = HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/health")).build(),
					HttpResponse.BodyHandlers.ofString());
		assertThat(health.statusCode()).isEqualTo(200);
		assertThat(JSON.readTree(health.body()).get("components").get("redis").get("status").asString())
			.isEqualTo("UP");
		assertThat(io.numshield.testsupport.Listening.addressesOf(port)).as("listens on loopback only")
			.containsExactly("127.0.0.1");
	}

	private VirtualNumber freshNumber() {
		ManagementNumber block = ManagementNumber
			.segment700("700" + String.format("%08d", NEXT_BLOCK.incrementAndGet()));
		leases.block(block);
		return block.numberAt(7);
	}

	private JsonNode route(String caller, VirtualNumber called, String type) {
		HttpResponse<String> response = post(Map.of("callId", "call-" + NEXT_CALL.incrementAndGet(), "caller", caller,
				"called", called.digits(), "type", type), token(Role.CARRIER));
		if (response.statusCode() != 200) {
			throw new AssertionError("expected 200 but got " + response.statusCode() + ": " + response.body());
		}
		return JSON.readTree(response.body());
	}

	private static String reason(JsonNode answer) {
		assertThat(answer.get("action").asString()).isEqualTo("REJECT");
		return answer.get("reason").asString();
	}

	private HttpResponse<String> post(Map<String, Object> body, String token) {
		return post("/v1/call-routes", body, token);
	}

	private HttpResponse<String> post(String path, Map<String, Object> body, String token) {
		try {
			HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
				.header("Content-Type", "application/json")
				.POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
			if (token != null) {
				request.header("Authorization", "Bearer " + token);
			}
			return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static String token(Role role) {
		// a key of its own per call: the per-key budgets of CarrierScope are tested on
		// their own below
		return TestInfrastructure.get()
			.mintToken(Audience.ROUTING, "carrier-key-" + NEXT_CALL.incrementAndGet(), role, "some-platform",
					LiveLeases.POOL);
	}

}
