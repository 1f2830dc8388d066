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
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.redisson.api.stream.StreamMessageId;
import org.redisson.client.codec.StringCodec;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * AXE (issue 14, ADR 0022): the carrier routes by X and the dialed extension, in both
 * dialing forms, through every rule of AXB and AXN scoped to the extension; and the call
 * controls of the CONNECT answer (issue 14, point 5).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class AxeRoutingIT extends RoutingITSupport {

	private static final ObjectMapper JSON = JsonMapper.builder().build();

	private static final AtomicInteger NEXT_BLOCK = new AtomicInteger(60_000);

	private static final AtomicInteger NEXT_CALL = new AtomicInteger();

	LiveLeases leases;

	String platformId;

	@DynamicPropertySource
	static void infrastructure(DynamicPropertyRegistry registry) {
		TestInfrastructure.get().register(registry);
		registry.add("numshield.routing.call-rate-limit", () -> "5");
		registry.add("numshield.routing.carriers.misses-per-second", () -> "50");
	}

	@BeforeEach
	void platform() {
		leases = liveLeases();
		platformId = "axe-plat-" + NEXT_CALL.incrementAndGet();
		leases.platform(platformId, "ACTIVE");
	}

	@Test
	void connectsThePairOfAnExtensionInEveryDialingFormAndNoOtherCaller() {
		VirtualNumber x = axeNumber("", "", "");
		String a = PhoneFixtures.mobile();
		String b = PhoneFixtures.mobile();
		String[] pair = leases.axe(platformId, x, a, b, "BOTH", "");
		String ext = pair[1];
		assertThat(ext).matches("\\d{4}");

		for (Map<String, Object> dialed : List.of(dial(x.digits() + "," + ext, null),
				dial(x.digits() + "#" + ext, null), dial(x.digits() + ext, null), dial(x.digits(), ext),
				dial(x.digits() + "," + ext, ext))) {
			JsonNode answer = route(a, dialed);
			assertThat(answer.get("action").asString()).as(dialed.toString()).isEqualTo("CONNECT");
			assertThat(answer.get("bindingId").asString()).isEqualTo(pair[0]);
			assertThat(answer.get("callee").asString()).isEqualTo(PhoneFixtures.e164(b));
			assertThat(answer.get("displayNumber").asString()).isEqualTo(x.digits());
		}
		JsonNode back = route(b, dial(x.digits() + "," + ext, null));
		assertThat(back.get("callee").asString()).isEqualTo(PhoneFixtures.e164(a));
		assertThat(reason(route(PhoneFixtures.mobile(), dial(x.digits() + "," + ext, null))))
			.isEqualTo("CALLER_NOT_PARTY");

		// another pair on the next extension of the same number: each extension is its
		// own
		String c = PhoneFixtures.mobile();
		String[] other = leases.axe(platformId, x, a, c, "BOTH", "");
		assertThat(other[1]).isNotEqualTo(ext);
		assertThat(route(a, dial(x.digits(), other[1])).get("callee").asString()).isEqualTo(PhoneFixtures.e164(c));
		assertThat(reason(route(c, dial(x.digits(), ext)))).isEqualTo("CALLER_NOT_PARTY");
	}

	@Test
	void withoutAnExtensionOrWithAnUnboundOneTheCallIsRefused() {
		VirtualNumber x = axeNumber("", "", "");
		String a = PhoneFixtures.mobile();
		String[] pair = leases.axe(platformId, x, a, PhoneFixtures.mobile(), "BOTH", "");

		assertThat(reason(route(a, dial(x.digits(), null)))).isEqualTo("EXTENSION_REQUIRED");
		String unbound = pair[1].equals("0999") ? "0998" : "0999";
		assertThat(reason(route(a, dial(x.digits(), unbound)))).isEqualTo("NO_BINDING");
		assertThat(reason(route(a, dial(x.digits(), "0000")))).isEqualTo("NO_BINDING");

		HttpResponse<String> bad = post(
				Map.of("callId", "call-bad", "caller", a, "called", x.digits() + ",12a", "type", "VOICE"));
		assertThat(bad.statusCode()).isEqualTo(400);
		HttpResponse<String> differ = post(Map.of("callId", "call-differ", "caller", a, "called",
				x.digits() + "," + pair[1], "extension", unbound, "type", "VOICE"));
		assertThat(differ.statusCode()).isEqualTo(400);
	}

	@Test
	void honoursDirectionSuspensionBlocklistAndExpiryOnTheExtension() {
		VirtualNumber x = axeNumber("", "", "");
		String a = PhoneFixtures.mobile();
		String b = PhoneFixtures.mobile();
		String[] oneWay = leases.axe(platformId, x, a, b, "A_TO_B", "");
		assertThat(route(a, dial(x.digits(), oneWay[1])).get("action").asString()).isEqualTo("CONNECT");
		assertThat(reason(route(b, dial(x.digits(), oneWay[1])))).isEqualTo("DIRECTION_NOT_ALLOWED");
		String[] otherWay = leases.axe(platformId, x, a, b, "B_TO_A", "");
		assertThat(reason(route(a, dial(x.digits(), otherWay[1])))).isEqualTo("DIRECTION_NOT_ALLOWED");
		assertThat(route(b, dial(x.digits(), otherWay[1])).get("action").asString()).isEqualTo("CONNECT");

		leases.platform(platformId, "SUSPENDED");
		assertThat(reason(route(b, dial(x.digits(), otherWay[1])))).isEqualTo("PLATFORM_SUSPENDED");
		leases.platform(platformId, "ACTIVE");

		String blocked = PhoneFixtures.mobile();
		String[] hers = leases.axe(platformId, x, a, blocked, "BOTH", "");
		leases.blockCaller(blocked);
		assertThat(reason(route(blocked, dial(x.digits(), hers[1])))).isEqualTo("CALLER_BLOCKED");

		leases.release(oneWay[0]);
		assertThat(reason(route(a, dial(x.digits(), oneWay[1])))).isEqualTo("BINDING_EXPIRED");
		assertThat(route(b, dial(x.digits(), otherWay[1])).get("action").asString()).isEqualTo("CONNECT");
	}

	@Test
	void anExtensionWithoutPartyBTakesAnyonesCallAndItsHolderCallsTheLastCallerBack() {
		VirtualNumber x = axeNumber("", "", "");
		String holder = PhoneFixtures.mobile();
		String[] axn = leases.axe(platformId, x, holder, null, "BOTH", "");
		String[] second = leases.axe(platformId, x, holder, null, "BOTH", "");

		assertThat(reason(route(holder, dial(x.digits(), axn[1])))).isEqualTo("NO_RECENT_CALLER");
		String courier = PhoneFixtures.mobile();
		JsonNode inbound = route(courier, dial(x.digits() + "," + axn[1], null));
		assertThat(inbound.get("action").asString()).isEqualTo("CONNECT");
		assertThat(inbound.get("callee").asString()).isEqualTo(PhoneFixtures.e164(holder));

		JsonNode callBack = route(holder, dial(x.digits(), axn[1]));
		assertThat(callBack.get("action").asString()).isEqualTo("CONNECT");
		assertThat(callBack.get("callee").asString()).isEqualTo(PhoneFixtures.e164(courier));
		// the last caller is the extension's own: the other extension has none
		assertThat(reason(route(holder, dial(x.digits(), second[1])))).isEqualTo("NO_RECENT_CALLER");
	}

	@Test
	void walkingTheExtensionsOfOneNumberCountsAgainstTheCallRate() {
		VirtualNumber x = axeNumber("", "", "");
		String walker = PhoneFixtures.mobile();
		for (int i = 1; i <= 5; i++) {
			assertThat(reason(route(walker, dial(x.digits(), String.format("%04d", 9000 + i)))))
				.isEqualTo("NO_BINDING");
		}
		assertThat(reason(route(walker, dial(x.digits(), "9006")))).isEqualTo("CALL_RATE_EXCEEDED");
	}

	@Test
	void aCallEventOnAnExtensionBelongsToItsBinding() throws Exception {
		VirtualNumber x = axeNumber("", "", "");
		String a = PhoneFixtures.mobile();
		String[] pair = leases.axe(platformId, x, a, PhoneFixtures.mobile(), "BOTH", "");
		Map<String, Object> event = new HashMap<>(Map.of("callId", "axe-event-" + NEXT_CALL.incrementAndGet(), "caller",
				a, "called", x.digits() + "," + pair[1], "event", "RINGING", "occurredAt", Instant.now().toString()));
		HttpResponse<String> recorded = postCallEvent(event);
		assertThat(recorded.statusCode()).as(recorded.body()).isIn(200, 201, 202);
		assertThat(JSON.readTree(recorded.body()).get("bindingId").asString()).isEqualTo(pair[0]);
	}

	@Test
	void theConnectAnswerCarriesThePoolsCallControlsUnlessTheBindingHasItsOwn() {
		VirtualNumber x = axeNumber("600", "protected-call.v1", "");
		String a = PhoneFixtures.mobile();
		String b = PhoneFixtures.mobile();
		String[] pooled = leases.axe(platformId, x, a, b, "BOTH", "");
		String[] own = leases.axe(platformId, x, a, b, "BOTH", "120,,tone-9");

		JsonNode poolDefaults = route(a, dial(x.digits(), pooled[1]));
		assertThat(poolDefaults.get("maxDurationSeconds").asInt()).isEqualTo(600);
		assertThat(poolDefaults.get("announcementId").asString()).isEqualTo("protected-call.v1");
		assertThat(poolDefaults.has("ringbackToneId")).isFalse();
		assertThat(poolDefaults.get("record").asBoolean()).isTrue();

		JsonNode overridden = route(a, dial(x.digits(), own[1]));
		assertThat(overridden.get("maxDurationSeconds").asInt()).isEqualTo(120);
		assertThat(overridden.get("announcementId").asString()).isEqualTo("protected-call.v1");
		assertThat(overridden.get("ringbackToneId").asString()).isEqualTo("tone-9");

		JsonNode rejected = route(PhoneFixtures.mobile(), dial(x.digits(), own[1]));
		assertThat(rejected.has("maxDurationSeconds")).isFalse();

		VirtualNumber plain = axeNumber("", "", "");
		String[] none = leases.axe(platformId, plain, a, b, "BOTH", "");
		JsonNode unset = route(a, dial(plain.digits(), none[1]));
		assertThat(unset.get("action").asString()).isEqualTo("CONNECT");
		assertThat(unset.has("maxDurationSeconds")).isFalse();
		assertThat(unset.has("announcementId")).isFalse();
		assertThat(unset.has("ringbackToneId")).isFalse();
	}

	@Test
	void theRoutedEventNamesTheExtensionAndNoRealNumber() {
		VirtualNumber x = axeNumber("", "", "");
		String a = PhoneFixtures.mobile();
		String b = PhoneFixtures.mobile();
		String[] pair = leases.axe(platformId, x, a, b, "BOTH", "");
		route(a, dial(x.digits(), pair[1]));

		var stream = redisson.<String, String>getStream(keys.calls(x.shard()), StringCodec.INSTANCE);
		Map<String, String> routed = stream.range(StreamMessageId.MIN, StreamMessageId.MAX)
			.values()
			.stream()
			.filter(e -> pair[0].equals(e.get("bindingId")))
			.reduce((first, second) -> second)
			.orElseThrow();
		assertThat(routed.get("extension")).isEqualTo(pair[1]);
		assertThat(routed.toString()).doesNotContain(a.substring(a.length() - 8))
			.doesNotContain(b.substring(b.length() - 8));
	}

	private VirtualNumber axeNumber(String maxDuration, String announcement, String ringback) {
		ManagementNumber block = ManagementNumber
			.segment700("700" + String.format("%08d", NEXT_BLOCK.incrementAndGet()));
		leases.axeBlock(block, 4, 1000, maxDuration, announcement, ringback);
		return block.numberAt(3);
	}

	private static Map<String, Object> dial(String called, String extension) {
		Map<String, Object> body = new HashMap<>(Map.of("called", called));
		if (extension != null) {
			body.put("extension", extension);
		}
		return body;
	}

	private JsonNode route(String caller, Map<String, Object> dialed) {
		Map<String, Object> body = new HashMap<>(dialed);
		body.put("callId", "call-" + NEXT_CALL.incrementAndGet());
		body.put("caller", caller);
		body.put("type", "VOICE");
		HttpResponse<String> response = post(body);
		if (response.statusCode() != 200) {
			throw new AssertionError("expected 200 but got " + response.statusCode() + ": " + response.body());
		}
		return JSON.readTree(response.body());
	}

	private static String reason(JsonNode answer) {
		assertThat(answer.get("action").asString()).isEqualTo("REJECT");
		return answer.get("reason").asString();
	}

	private HttpResponse<String> post(Map<String, Object> body) {
		try {
			return HttpClient.newHttpClient()
				.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/call-routes"))
					.header("Content-Type", "application/json")
					.header("Authorization",
							"Bearer " + TestInfrastructure.get()
								.mintToken(Audience.ROUTING, "carrier-axe", Role.CARRIER, null, LiveLeases.POOL))
					.POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)))
					.build(), HttpResponse.BodyHandlers.ofString());
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

}
