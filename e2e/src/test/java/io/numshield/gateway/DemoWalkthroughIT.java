package io.numshield.gateway;

import static io.numshield.gateway.EdgeIT.expectProblem;
import static io.numshield.gateway.SignedCalls.call;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.numshield.client.BindRequest;
import io.numshield.client.Binding;
import io.numshield.client.CallEvent;
import io.numshield.client.CallEventRecorded;
import io.numshield.client.CarrierToken;
import io.numshield.client.NumShieldClient;
import io.numshield.client.RouteAnswer;
import io.numshield.client.RouteRequest;
import io.numshield.testsupport.PhoneFixtures;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * What {@code make demo} ({@code scripts/demo.sh}) shows after {@code make run}, as a
 * test, so that the walk-through a newcomer runs first cannot break unnoticed: through
 * the gateway, every step a signed call, in front of the three services started from
 * their jars. An operator sets up a pool and a platform and issues the keys; the platform
 * binds A and B; the carrier asks where A's call goes and reports it answered and hung
 * up; a regulator traces who held the number and finds the call in the ledger; the
 * carrier takes a token for calling call-routing directly; and the gateway refuses what
 * the demo shows it refuses. The platform and the carrier use the Java client
 * (numshield-client, docs/client.md), whose retry after the gateway's 429 is shown with a
 * carrier key of one request per second.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class DemoWalkthroughIT {

	private static final SignedCalls.Key OPERATOR = GatewayITSupport.OPERATOR;

	@LocalServerPort
	int port;

	@DynamicPropertySource
	static void infrastructure(DynamicPropertyRegistry registry) {
		ServiceProcesses.registerGatewayInFront(registry, OPERATOR);
	}

	@Test
	void bindRouteReportTheCallAndTraceItThroughTheGateway() throws Exception {
		SignedCalls gw = new SignedCalls("http://127.0.0.1:" + port);
		String run = Long.toString(System.nanoTime() % 1_000_000, 36);

		// what make run sets up: a pool with a block of numbers, a platform on it, its
		// keys
		String pool = "demo-pool-" + run;
		gw.send(call("POST", "/v1/pools", null, Map.of("poolId", pool, "numberKind", "SEGMENT_700"), OPERATOR))
			.expect(201);
		// 7007: a corner of its own (TenantIsolationIT takes 7009 blocks, ContractFuzzIT
		// 7008)
		String block = "7007" + String.format("%07d", (int) (System.nanoTime() % 10_000_000));
		gw.send(call("POST", "/v1/pools/" + pool + "/blocks", null, Map.of("managementNumbers", List.of(block)),
				OPERATOR))
			.expect(201);
		String platform = "demo-platform-" + run;
		gw.send(call("POST", "/v1/platforms", null,
				Map.of("platformId", platform, "name", "Demo", "pools", List.of(pool)), OPERATOR))
			.expect(201);
		SignedCalls.Key platformKey = IssuedKeys.issue(gw, Map.of("role", "PLATFORM", "platformId", platform));
		SignedCalls.Key carrier = IssuedKeys.issue(gw, Map.of("role", "CARRIER", "pools", List.of(pool)));
		SignedCalls.Key regulator = IssuedKeys.issue(gw, Map.of("role", "REGULATOR"));

		// 1. the platform binds A and B (AXB, 30 minutes), through the Java client as the
		// CLI does
		String a = PhoneFixtures.mobile();
		String b = PhoneFixtures.mobile();
		String order = "DEMO-" + run;
		NumShieldClient client = NumShieldClient.create(URI.create("http://127.0.0.1:" + port), platformKey.keyId(),
				platformKey.secret());
		Binding bound = client.bind(BindRequest.axb(order, a, b, 1800,
				new BindRequest.Consent("demo-consent-" + run, Instant.now().minusSeconds(5))));
		assertThat(bound.status()).isEqualTo("ACTIVE");
		String x = bound.virtualNumber();
		assertThat(x).startsWith("700");

		assertThat(client.findByOrder(order)).extracting(Binding::bindingId).containsExactly(bound.bindingId());

		// 2. the carrier asks where A's call to X goes: to B, shown X (the Java client's
		// carrier calls)
		NumShieldClient carrierClient = NumShieldClient.create(URI.create("http://127.0.0.1:" + port), carrier.keyId(),
				carrier.secret());
		String callId = "demo-call-" + run;
		RouteAnswer route = carrierClient.route(RouteRequest.voice(callId, a, x));
		assertThat(route.action()).isEqualTo("CONNECT");
		assertThat(route.bindingId()).isEqualTo(bound.bindingId());
		assertThat(route.callee()).endsWith(b);
		assertThat(route.displayNumber()).isEqualTo(x);

		// 3. the carrier reports the call: ANSWERED, then HANGUP
		Instant now = Instant.now();
		CallEventRecorded answered = carrierClient
			.reportCallEvent(CallEvent.answered(callId, a, x, now).withBindingId(bound.bindingId()));
		assertThat(answered.bindingId()).isEqualTo(bound.bindingId());
		assertThat(answered.eventId()).matches("evt_[0-9a-f]{32}");
		CallEventRecorded hangup = carrierClient.reportCallEvent(
				CallEvent.hangup(callId, a, x, now, 42).withBindingId(bound.bindingId()).withRelease(16, "CALLER"));
		assertThat(hangup.bindingId()).isEqualTo(bound.bindingId());
		assertThat(hangup.eventId()).isNotEqualTo(answered.eventId());

		// 3b. a carrier key of one request per second: its second call within the second
		// is refused 429 RATE_LIMITED with Retry-After: 1, and the client sends it again,
		// signed afresh, after that second (a route is a POST without an Idempotency-Key:
		// a 429 means nothing was done). Calls until one was retried (the first takes the
		// one permit; only a pause of a second between two would let the next through).
		SignedCalls.Key slowCarrier = IssuedKeys.issue(gw,
				Map.of("role", "CARRIER", "pools", List.of(pool), "ratePerSecond", 1));
		List<NumShieldClient.Retry> retried = new CopyOnWriteArrayList<>();
		NumShieldClient limited = NumShieldClient.builder(URI.create("http://127.0.0.1:" + port))
			.key(slowCarrier.keyId(), slowCarrier.secret())
			.onRetry(retried::add)
			.build();
		for (int i = 0; i < 5 && retried.isEmpty(); i++) {
			assertThat(limited.route(RouteRequest.voice(callId + "-limited-" + i, a, x)).connects()).isTrue();
		}
		assertThat(retried).isNotEmpty().allSatisfy(retry -> {
			assertThat(retry.path()).isEqualTo("/v1/call-routes");
			assertThat(retry.status()).isEqualTo(429);
			assertThat(retry.code()).isEqualTo("RATE_LIMITED");
			assertThat(retry.delay()).isEqualTo(Duration.ofSeconds(1));
		});

		// 4. a regulator traces who held X: the audit service ingests the streams on its
		// own, so ask until
		// the ledger has the binding and both call events (deadlines, never a sleep)
		await().atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
			SignedCalls.Response trace = gw
				.send(call("GET", "/v1/audit/trace",
						"virtualNumber=" + x + "&at=" + Instant.now() + "&reason=demo%20case", null, regulator))
				.expect(200);
			List<JsonNode> holders = List.copyOf(trace.json().get("holders").values());
			assertThat(holders).singleElement().satisfies(holder -> {
				assertThat(holder.get("bindingId").asString()).isEqualTo(bound.bindingId());
				assertThat(holder.get("platformId").asString()).isEqualTo(platform);
				assertThat(holder.get("orderId").asString()).isEqualTo(order);
			});
		});
		String range = "from=" + Instant.now().minusSeconds(600) + "&to=" + Instant.now().plusSeconds(600);
		await().atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
			SignedCalls.Response events = gw
				.send(call("GET", "/v1/audit/events",
						range + "&virtualNumber=" + x + "&type=CALL_EVENT&reason=demo%20case", null, regulator))
				.expect(200);
			assertThat(events.body().lines().filter(line -> line.contains(callId))).hasSize(2);
		});

		// 4b. the carrier's SIP server takes a token for calling call-routing directly
		CarrierToken token = carrierClient.token();
		assertThat(token.audience()).isEqualTo("numshield-routing");
		assertThat(token.pools()).containsExactly(pool);
		assertThat(token.expiresAt()).isAfter(Instant.now());
		HttpResponse<String> direct = HttpClient.newHttpClient()
			.send(HttpRequest
				.newBuilder(URI.create(ServiceProcesses.get().url("call-routing-service") + "/v1/call-routes"))
				.header("Authorization", "Bearer " + token.token())
				.header("Content-Type", "application/json")
				.POST(HttpRequest.BodyPublishers.ofString(SignedCalls.JSON.writeValueAsString(
						Map.of("callId", callId + "-direct", "caller", a, "called", x, "type", "VOICE"))))
				.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(direct.statusCode()).isEqualTo(200);
		assertThat(SignedCalls.JSON.readTree(direct.body()).get("action").asString()).isEqualTo("CONNECT");

		// 5. what the gateway refuses: a platform at an operator endpoint, an unsigned
		// request; then the
		// platform releases its binding
		expectProblem(gw.send(call("GET", "/v1/pools/" + pool, null, null, platformKey)), 403, "FORBIDDEN");
		expectProblem(gw.raw("GET", "/v1/bindings/" + bound.bindingId(), null, null, null), 401, "UNAUTHENTICATED");
		client.release(bound.bindingId());
		Binding released = client.get(bound.bindingId());
		assertThat(released.status()).isEqualTo("RELEASED");
		assertThat(released.releaseReason()).isEqualTo("DELETED");
		assertThat(released.releasedAt()).isNotNull();
	}

	/**
	 * A key issued by the bootstrap operator; one that waits for a second operator is
	 * approved by it.
	 */

}
