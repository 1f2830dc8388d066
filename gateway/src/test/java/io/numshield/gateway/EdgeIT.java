package io.numshield.gateway;

import static io.numshield.gateway.SignedCalls.call;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.numshield.client.Ns1Signature;
import io.numshield.core.token.Audience;
import io.numshield.core.token.Role;
import io.numshield.testsupport.PhoneFixtures;
import io.numshield.testsupport.TestInfrastructure;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;

import tools.jackson.databind.JsonNode;

/**
 * The edge over HTTP: signing, clock window, replay, revocation, rate, size, identity
 * headers; on the hot path where it serves the request (the default), on the MVC path in
 * {@link EdgeMvcPathIT}.
 */
class EdgeIT extends GatewayITSupport {

	@Test
	void forwardsAValidSignedRequestWithTheInternalTokenInPlaceOfTheClientsIdentity() {
		SignedCalls.Key platform = issue("PLATFORM", "plat-edge-1", null);
		String a = PhoneFixtures.mobile();
		Map<String, Object> body = Map.of("mode", "AXN", "orderId", "ORD-1", "partyA", a);

		SignedCalls.Response answer = gateway()
			.send(call("POST", "/v1/bindings", null, body, platform, "X-NumShield-Platform-Id", "someone-else",
					"X-Forwarded-For", "10.0.0.1", "Cookie", "s=1", "X-User-Id", "admin", "Idempotency-Key", "idem-1"));

		assertThat(answer.status()).isEqualTo(200);
		Upstream.Seen seen = UPSTREAM.last();
		assertThat(seen.uri()).isEqualTo("/v1/bindings");
		assertThat(seen.body()).contains(a);
		assertThat(seen.header("Idempotency-Key")).isEqualTo("idem-1");
		assertThat(seen.header("X-NumShield-Platform-Id")).isNull();
		assertThat(seen.header("X-Forwarded-For")).isNull();
		assertThat(seen.header("Cookie")).isNull();
		assertThat(seen.header("X-User-Id")).isNull();
		JsonNode claims = claims(seen.header("Authorization"));
		assertThat(claims.get("iss").asString()).isEqualTo("numshield-gateway");
		assertThat(claims.get("sub").asString()).isEqualTo(platform.keyId());
		assertThat(claims.get("role").asString()).isEqualTo("PLATFORM");
		assertThat(claims.get("platformId").asString()).isEqualTo("plat-edge-1");
		assertThat(claims.get("exp").asLong()).isLessThanOrEqualTo(Instant.now().plusSeconds(300).getEpochSecond());
	}

	@Test
	void forwardsASignedBatchOnItsPathWithTheColonAsOneRequest() {
		SignedCalls.Key platform = issue("PLATFORM", "plat-edge-batch", null);
		Map<String, Object> body = Map.of("bindings",
				List.of(Map.of("mode", "AXN", "orderId", "ORD-B1", "partyA", PhoneFixtures.mobile())));

		gateway().send(call("POST", "/v1/bindings:batch", null, body, platform, "Idempotency-Key", "batch-1"))
			.expect(200);

		Upstream.Seen seen = UPSTREAM.last();
		assertThat(seen.uri()).isEqualTo("/v1/bindings:batch");
		assertThat(seen.header("Idempotency-Key")).isEqualTo("batch-1");
		assertThat(claims(seen.header("Authorization")).get("platformId").asString()).isEqualTo("plat-edge-batch");
		SignedCalls.Call signed = call("POST", "/v1/bindings:batch", null, body, platform);
		SignedCalls.Call otherPath = new SignedCalls.Call("POST", "/v1/bindings", null, signed.body(), platform,
				signed.timestamp(), signed.nonce(), signed.headers());
		expectProblem(gateway().send(signed, otherPath), 401, "UNAUTHENTICATED");
	}

	@Test
	void reusesTheInternalTokenOfAKeyInsteadOfSigningOnePerRequest() {
		SignedCalls.Key carrier = issue("CARRIER", null, null);
		gateway().send(call("POST", "/v1/call-routes", null, Map.of("callId", "c-1"), carrier)).expect(200);
		String first = UPSTREAM.last().header("Authorization");
		gateway().send(call("POST", "/v1/call-routes", null, Map.of("callId", "c-2"), carrier)).expect(200);
		assertThat(UPSTREAM.last().header("Authorization")).isEqualTo(first);
		assertThat(claims(first).get("role").asString()).isEqualTo("CARRIER");
		assertThat(claims(first).get("platformId")).isNull();
	}

	@Test
	void signsTheCanonicalQuerySoParameterOrderAndEncodingDoNotMatter() {
		SignedCalls.Key regulator = issue("REGULATOR", null, null);
		SignedCalls.Call signed = call("GET", "/v1/audit/trace",
				"virtualNumber=700100000000001&at=2026-11-29T10%3A00%3A00Z&reason=case%201", null, regulator);
		SignedCalls.Call sent = new SignedCalls.Call("GET", "/v1/audit/trace",
				"reason=case%201&at=2026-11-29T10:00:00Z&virtualNumber=700100000000001", null, regulator,
				signed.timestamp(), signed.nonce(), null);
		gateway().send(signed, sent).expect(200);
		assertThat(UPSTREAM.last().uri()).startsWith("/v1/audit/trace?");
	}

	@Test
	void refusesAWrongSecret() {
		SignedCalls.Key platform = issue("PLATFORM", "plat-edge-2", null);
		SignedCalls.Key forged = new SignedCalls.Key(platform.keyId(), platform.secret() + "x");
		expectProblem(gateway().send(call("GET", "/v1/bindings", "orderId=ORD-1", null, forged)), 401,
				"UNAUTHENTICATED");
	}

	@Test
	void refusesAnUnknownKeyAndAnUnsignedRequest() {
		expectProblem(gateway().send(call("GET", "/v1/bindings", "orderId=ORD-1", null,
				new SignedCalls.Key("pk_nobody", "whatever-secret-000"))), 401, "UNAUTHENTICATED");
		expectProblem(gateway().raw("GET", "/v1/bindings", "orderId=ORD-1", null, null), 401, "UNAUTHENTICATED");
		expectProblem(gateway().raw("GET", "/v1/bindings", null, null, "NS1-HMAC-SHA256 KeyId=x"), 401,
				"UNAUTHENTICATED");
	}

	@Test
	void refusesABodyChangedAfterSigning() {
		SignedCalls.Key platform = issue("PLATFORM", "plat-edge-3", null);
		SignedCalls.Call signed = call("POST", "/v1/bindings", null, Map.of("orderId", "ORD-1", "ttlSeconds", 60),
				platform);
		int before = UPSTREAM.calls();
		expectProblem(gateway().send(signed, signed.withBody("{\"orderId\":\"ORD-1\",\"ttlSeconds\":604800}")), 401,
				"UNAUTHENTICATED");
		assertThat(UPSTREAM.calls()).isEqualTo(before);
	}

	@Test
	void refusesAQueryChangedAfterSigning() {
		SignedCalls.Key platform = issue("PLATFORM", "plat-edge-4", null);
		SignedCalls.Call signed = call("GET", "/v1/bindings", "orderId=ORD-1", null, platform);
		SignedCalls.Call sent = new SignedCalls.Call("GET", "/v1/bindings", "orderId=ORD-2", null, platform,
				signed.timestamp(), signed.nonce(), null);
		expectProblem(gateway().send(signed, sent), 401, "UNAUTHENTICATED");
		SignedCalls.Call pathChanged = new SignedCalls.Call("GET", "/v1/bindings/other", "orderId=ORD-1", null,
				platform, signed.timestamp(), signed.nonce(), null);
		expectProblem(gateway().send(signed, pathChanged), 401, "UNAUTHENTICATED");
	}

	@Test
	void refusesAStaleOrFutureTimestamp() {
		SignedCalls.Key platform = issue("PLATFORM", "plat-edge-5", null);
		// 302, not 301: a second boundary crossed between signing here and checking there
		// takes one second off a future Timestamp's distance, and 300 is inside the
		// window
		for (long offset : new long[] { -302, 302, -3600 }) {
			SignedCalls.Call stale = new SignedCalls.Call("GET", "/v1/bindings", "orderId=ORD-1", null, platform,
					Instant.now().getEpochSecond() + offset, Ns1Signature.nonce(), null);
			expectProblem(gateway().send(stale), 401, "REQUEST_EXPIRED");
		}
		SignedCalls.Call edge = new SignedCalls.Call("GET", "/v1/bindings", "orderId=ORD-1", null, platform,
				Instant.now().getEpochSecond() - 290, Ns1Signature.nonce(), null);
		gateway().send(edge).expect(200);
	}

	@Test
	void refusesAReplayedNonce() {
		SignedCalls.Key platform = issue("PLATFORM", "plat-edge-6", null);
		SignedCalls.Call once = call("GET", "/v1/bindings", "orderId=ORD-1", null, platform);
		gateway().send(once).expect(200);
		expectProblem(gateway().send(once), 401, "REQUEST_REPLAYED");
		// the same nonce with another key is that key's own first use
		SignedCalls.Key other = issue("PLATFORM", "plat-edge-6", null);
		gateway()
			.send(new SignedCalls.Call("GET", "/v1/bindings", "orderId=ORD-1", null, other, once.timestamp(),
					once.nonce(), null))
			.expect(200);
	}

	@Test
	void refusesAnInternalTokenSentByAClient() {
		String minted = TestInfrastructure.get().mintToken(Audience.BINDING, "forged", Role.OPERATOR, null);
		int before = UPSTREAM.calls();
		expectProblem(gateway().raw("POST", "/v1/pools", null, "{\"poolId\":\"p\"}", "Bearer " + minted), 401,
				"UNAUTHENTICATED");
		expectProblem(gateway().raw("GET", "/v1/api-keys", null, null, "Bearer " + minted), 401, "UNAUTHENTICATED");
		assertThat(UPSTREAM.calls()).isEqualTo(before);
	}

	@Test
	void servesOnlyBareHealthWithoutASignatureAndMetricsOnTheManagementPort() {
		for (String probe : List.of("/livez", "/readyz")) {
			SignedCalls.Response health = gateway().raw("GET", probe, null, null, null);
			assertThat(health.status()).as(probe).isEqualTo(200);
			assertThat(health.body()).as(probe)
				.contains("UP")
				.doesNotContain("components")
				.doesNotContain("redis")
				.doesNotContain("db");
		}
		SignedCalls.Key operator = issue("OPERATOR", null, null);
		for (String actuator : List.of("/actuator/health", "/actuator/prometheus", "/actuator/info")) {
			assertThat(gateway().raw("GET", actuator, null, null, null).status()).as(actuator).isEqualTo(401);
			assertThat(gateway().send(call("GET", actuator, null, null, operator)).status()).as(actuator)
				.isEqualTo(404);
		}
		SignedCalls management = new SignedCalls("http://127.0.0.1:" + managementPort);
		assertThat(management.raw("GET", "/actuator/prometheus", null, null, null).body())
			.contains("gateway_request_total");
		assertThat(management.raw("GET", "/actuator/health", null, null, null).body()).contains("components");
		int before = UPSTREAM.calls();
		for (String sneaky : List.of("/actuator/../v1/pools", "/actuator/health/../../v1/pools", "/actuator/env",
				"/actuator/health;x=1", "/livez/../v1/pools", "/.well-known/../v1/pools")) {
			SignedCalls.Response answer = gateway().raw("GET", sneaky, null, null, null);
			assertThat(answer.status()).as(sneaky).isIn(400, 401);
		}
		assertThat(UPSTREAM.calls()).isEqualTo(before);
	}

	@Test
	void forwardsARecordingLinkUnsignedWithoutAnyToken() {
		int before = UPSTREAM.calls();
		SignedCalls.Response link = gateway().raw("GET", "/v1/recordings/v1.cGF5bG9hZA.bWFj", null, null, null);
		assertThat(link.status()).isLessThan(500);
		assertThat(UPSTREAM.calls()).isEqualTo(before + 1);
		Upstream.Seen seen = UPSTREAM.last();
		assertThat(seen.uri()).isEqualTo("/v1/recordings/v1.cGF5bG9hZA.bWFj");
		// no internal token: the service checks the link's own
		assertThat(seen.header("Authorization")).isNull();

		// nothing else rides along unsigned: a query, another method, another shape
		expectProblem(gateway().raw("GET", "/v1/recordings/v1.a.b", "x=1", null, null), 400, "VALIDATION_FAILED");
		assertThat(gateway().raw("POST", "/v1/recordings/v1.a.b", null, "{}", null).status()).isEqualTo(401);
		for (String other : List.of("/v1/recordings/", "/v1/recordings/a/b", "/v1/recordings/..",
				"/v1/recordings/../v1/pools")) {
			assertThat(gateway().raw("GET", other, null, null, null).status()).as(other).isIn(400, 401);
		}
		assertThat(UPSTREAM.calls()).isEqualTo(before + 1);
	}

	@Test
	void refusesAnOversizeBody() {
		SignedCalls.Key platform = issue("PLATFORM", "plat-edge-7", null);
		String big = "{\"orderId\":\"" + "x".repeat(9 * 1024) + "\"}";
		expectProblem(gateway().send(call("POST", "/v1/bindings", null, big, platform)), 413, "VALIDATION_FAILED");
	}

	@Test
	void answersNotFoundForAPathOutsideTheContract() {
		SignedCalls.Key operator = issue("OPERATOR", null, null);
		expectProblem(gateway().send(call("GET", "/v1/secrets", null, null, operator)), 404, "NOT_FOUND");
		expectProblem(gateway().send(call("GET", "/v2/pools", null, null, operator)), 404, "NOT_FOUND");
	}

	@Test
	void limitsEachKeyToItsRateWithRetryAfter() throws InterruptedException {
		SignedCalls.Key slow = issue("PLATFORM", "plat-edge-8", 3);
		SignedCalls.Key neighbour = issue("PLATFORM", "plat-edge-8", null);
		List<Integer> statuses = new ArrayList<>();
		SignedCalls.Response limited = null;
		SignedCalls.Call refused = null;
		long started = System.nanoTime();
		for (int i = 0; i < 10; i++) {
			SignedCalls.Call attempt = call("GET", "/v1/bindings", "orderId=ORD-1", null, slow);
			SignedCalls.Response r = gateway().send(attempt);
			statuses.add(r.status());
			if (r.status() == 429) {
				limited = r;
				refused = attempt;
			}
		}
		double elapsed = (System.nanoTime() - started) / 1e9;
		assertThat(statuses).contains(200, 429);
		// a bucket of 3 (one second's worth), then one every 1/3 s of the time that
		// actually passed
		assertThat(statuses.stream().filter(s -> s == 200).count())
			.isLessThanOrEqualTo(3 + (long) Math.ceil(elapsed * 3));
		assertThat(limited).isNotNull();
		assertThat(limited.code()).isEqualTo("RATE_LIMITED");
		assertThat(limited.retryAfter()).isEqualTo("1");
		assertThat(limited.contentType()).startsWith("application/problem+json");
		// counted against the key that was refused, and only that one (the per-key alert)
		long refusals = statuses.stream().filter(s -> s == 429).count();
		assertThat(meters.get("gateway.rate_limited").tag("key", slow.keyId()).counter().count()).isEqualTo(refusals);
		assertThat(meters.find("gateway.rate_limited").tag("key", neighbour.keyId()).counter()).isNull();
		gateway().send(call("GET", "/v1/bindings", "orderId=ORD-1", null, neighbour)).expect(200);
		// a refused request was not remembered: the very same signed request goes through
		// after Retry-After
		Thread.sleep(Duration.ofSeconds(Long.parseLong(limited.retryAfter())));
		gateway().send(refused).expect(200);
		expectProblem(gateway().send(refused), 401, "REQUEST_REPLAYED");
	}

	@Test
	void aRevokedKeyIsRefusedWithinFiveSeconds() {
		SignedCalls.Key platform = issue("PLATFORM", "plat-edge-9", null);
		gateway().send(call("GET", "/v1/bindings", "orderId=ORD-1", null, platform)).expect(200);

		gateway().send(call("DELETE", "/v1/api-keys/" + platform.keyId(), null, null, OPERATOR)).expect(204);

		await().atMost(Duration.ofSeconds(5))
			.pollInterval(Duration.ofMillis(200))
			.untilAsserted(
					() -> expectProblem(gateway().send(call("GET", "/v1/bindings", "orderId=ORD-1", null, platform)),
							401, "UNAUTHENTICATED"));
		expectProblem(gateway().send(call("DELETE", "/v1/api-keys/pk_never_issued", null, null, OPERATOR)), 404,
				"NOT_FOUND");
	}

	@Test
	void onlyOperatorsManageKeysAndSecretsAreShownOnceAndStoredEncrypted() throws Exception {
		SignedCalls.Key platform = issue("PLATFORM", "plat-edge-10", null);
		SignedCalls.Key regulator = issue("REGULATOR", null, null);
		for (SignedCalls.Key notOperator : List.of(platform, regulator)) {
			expectProblem(gateway().send(call("POST", "/v1/api-keys", null, Map.of("role", "OPERATOR"), notOperator)),
					403, "FORBIDDEN");
			expectProblem(gateway().send(call("GET", "/v1/api-keys", null, null, notOperator)), 403, "FORBIDDEN");
			expectProblem(gateway().send(call("DELETE", "/v1/api-keys/" + OPERATOR.keyId(), null, null, notOperator)),
					403, "FORBIDDEN");
		}
		expectProblem(gateway().send(call("POST", "/v1/api-keys", null, Map.of("role", "PLATFORM"), OPERATOR)), 400,
				"VALIDATION_FAILED");
		expectProblem(gateway().send(call("POST", "/v1/api-keys", null, Map.of("role", "ROOT"), OPERATOR)), 400,
				"VALIDATION_FAILED");

		SignedCalls.Response listed = gateway().send(call("GET", "/v1/api-keys", null, null, OPERATOR)).expect(200);
		assertThat(listed.body()).contains(platform.keyId())
			.doesNotContain(platform.secret())
			.doesNotContain(OPERATOR.secret())
			.doesNotContain("secret");
		try (Connection c = TestInfrastructure.get().connect();
				Statement s = c.createStatement();
				ResultSet rs = s
					.executeQuery("SELECT secret_ciphertext FROM api_key WHERE key_id = '" + platform.keyId() + "'")) {
			assertThat(rs.next()).isTrue();
			assertThat(rs.getString(1)).isNotBlank().doesNotContain(platform.secret());
		}
	}

	@Autowired
	MeterRegistry meters;

	@Value("${numshield.gateway.hot-path.enabled:true}")
	boolean hotPath;

	/**
	 * The hot endpoints go through the hot path when it is on (Spring MVC's observation,
	 * {@code http.server.requests}, never sees them) with the MVC path's answers:
	 * forwarded with the internal token and without the client's identity headers, the
	 * service's answer passed back, and the edge's own refusals (signature, replay, rate
	 * with Retry-After) as problem documents, counted in the same meters.
	 */
	@Test
	void answersTheHotEndpointsOnThePathItIsConfiguredFor() {
		SignedCalls.Key carrier = issue("CARRIER", null, null);
		SignedCalls.Key platform = issue("PLATFORM", "plat-edge-hot", 1);
		double observedBefore = observedOutsideApiKeys();
		double forwardedBefore = meters.get("gateway.request").tag("outcome", "forwarded").counter().count();
		long checkedBefore = meters.get("gateway.edge.check").timer().count();
		double routedBefore = hotAnswers("POST", "/v1/call-routes", 200);
		double forgedBefore = hotAnswers("DELETE", "/v1/bindings/{bindingId}", 401);
		double limitedBefore = hotAnswers("POST", "/v1/bindings", 429);

		SignedCalls.Response routed = gateway().send(call("POST", "/v1/call-routes", null, Map.of("callId", "c-hot"),
				carrier, "X-Forwarded-For", "10.0.0.1", "X-User-Id", "admin"));
		assertThat(routed.status()).isEqualTo(200);
		assertThat(routed.contentType()).startsWith("application/json");
		assertThat(routed.body()).isEqualTo("{\"ok\":true}");
		Upstream.Seen seen = UPSTREAM.last();
		assertThat(seen.method()).isEqualTo("POST");
		assertThat(seen.uri()).isEqualTo("/v1/call-routes");
		assertThat(seen.body()).contains("c-hot");
		assertThat(seen.header("Content-Type")).startsWith("application/json");
		assertThat(seen.header("X-Forwarded-For")).isNull();
		assertThat(seen.header("X-User-Id")).isNull();
		assertThat(claims(seen.header("Authorization")).get("role").asString()).isEqualTo("CARRIER");
		gateway().send(call("POST", "/v1/call-events", null, Map.of("callId", "c-hot"), carrier)).expect(200);
		assertThat(UPSTREAM.last().uri()).isEqualTo("/v1/call-events");

		SignedCalls.Call read = call("GET", "/v1/bindings/b-hot-1", null, null, platform);
		gateway().send(read).expect(200);
		assertThat(UPSTREAM.last().method()).isEqualTo("GET");
		assertThat(UPSTREAM.last().uri()).isEqualTo("/v1/bindings/b-hot-1");
		assertThat(claims(UPSTREAM.last().header("Authorization")).get("platformId").asString())
			.isEqualTo("plat-edge-hot");
		expectProblem(gateway().send(read), 401, "REQUEST_REPLAYED");
		SignedCalls.Key forged = new SignedCalls.Key(platform.keyId(), platform.secret() + "x");
		expectProblem(gateway().send(call("DELETE", "/v1/bindings/b-hot-1", null, null, forged)), 401,
				"UNAUTHENTICATED");
		// a bucket of one: the next bind within the second is refused, with the MVC
		// path's Retry-After
		SignedCalls.Response limited = null;
		int sent = 5;
		for (int i = 0; i < 10 && limited == null; i++, sent++) {
			SignedCalls.Response bind = gateway()
				.send(call("POST", "/v1/bindings", null, Map.of("orderId", "ORD-HOT"), platform));
			limited = bind.status() == 429 ? bind : null;
		}
		assertThat(limited).isNotNull();
		assertThat(limited.code()).isEqualTo("RATE_LIMITED");
		assertThat(limited.retryAfter()).isEqualTo("1");
		int forwarded = sent - 3; // all but the replay, the forgery and the refused bind
		assertThat(meters.get("gateway.request").tag("outcome", "forwarded").counter().count() - forwardedBefore)
			.isEqualTo(forwarded);
		assertThat(meters.get("gateway.edge.check").timer().count() - checkedBefore).isEqualTo(forwarded);
		int observed = sent;
		await().atMost(Duration.ofSeconds(5))
			.untilAsserted(() -> assertThat(observedOutsideApiKeys() - observedBefore).as("observed by Spring MVC")
				.isEqualTo(hotPath ? 0 : observed));
		// every answer of a hot endpoint by status, the edge's own refusals included
		// (http.hot.answers: the error-rate alerts' view of the hot paths), counted as
		// each request completes
		if (hotPath) {
			await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
				assertThat(hotAnswers("POST", "/v1/call-routes", 200) - routedBefore).isEqualTo(1);
				assertThat(hotAnswers("DELETE", "/v1/bindings/{bindingId}", 401) - forgedBefore).isEqualTo(1);
				assertThat(hotAnswers("POST", "/v1/bindings", 429) - limitedBefore).isEqualTo(1);
			});
		}
	}

	private double hotAnswers(String method, String uri, int status) {
		Counter counter = meters.find("http.hot.answers")
			.tags("method", method, "uri", uri, "status", Integer.toString(status))
			.counter();
		return counter == null ? 0 : counter.count();
	}

	/**
	 * Requests Spring MVC observed so far, every status, but the key management these
	 * tests issue keys with.
	 */
	private double observedOutsideApiKeys() {
		return meters.find("http.server.requests")
			.timers()
			.stream()
			.filter(timer -> !String.valueOf(timer.getId().getTag("uri")).startsWith("/v1/api-keys"))
			.mapToDouble(Timer::count)
			.sum();
	}

	static void expectProblem(SignedCalls.Response response, int status, String code) {
		assertThat(response.status()).as(response.body()).isEqualTo(status);
		assertThat(response.contentType()).startsWith("application/problem+json");
		assertThat(response.code()).isEqualTo(code);
		assertThat(response.json().get("type").asString()).startsWith("https://numshield.io/problems/");
	}

	static JsonNode claims(String authorization) {
		assertThat(authorization).startsWith("Bearer ");
		String payload = authorization.substring(7).split("\\.")[1];
		return SignedCalls.JSON.readTree(new String(Base64.getUrlDecoder().decode(payload), StandardCharsets.UTF_8));
	}

}
