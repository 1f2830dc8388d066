package io.numshield.gateway;

import static io.numshield.gateway.EdgeIT.expectProblem;
import static io.numshield.gateway.SignedCalls.call;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.numshield.client.BindRequest;
import io.numshield.client.Binding;
import io.numshield.client.BindingUpdate;
import io.numshield.client.NumShieldClient;
import io.numshield.client.NumShieldException;
import io.numshield.testsupport.PhoneFixtures;

import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Tenant isolation through the gateway, in front of the real services (OWASP API1 broken
 * object level authorization, API5 broken function level authorization): a platform
 * against another platform's binding and against carrier, regulator and operator
 * endpoints; a carrier against the binding endpoints; a regulator against everything it
 * may not change. Platform calls go through the Java client library.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class TenantIsolationIT {

	private static final AtomicInteger NEXT = new AtomicInteger();

	private static final SignedCalls.Key OPERATOR = GatewayITSupport.OPERATOR;

	@LocalServerPort
	int port;

	private SignedCalls gw;

	private String pool;

	private String platform1;

	private String platform2;

	private SignedCalls.Key key1;

	private SignedCalls.Key key2;

	private SignedCalls.Key carrier;

	private SignedCalls.Key regulator;

	private NumShieldClient client1;

	private NumShieldClient client2;

	@DynamicPropertySource
	static void infrastructure(DynamicPropertyRegistry registry) {
		ServiceProcesses.registerGatewayInFront(registry, OPERATOR);
	}

	@BeforeEach
	void twoPlatformsOnOnePool() {
		gw = new SignedCalls("http://127.0.0.1:" + port);
		int n = NEXT.incrementAndGet();
		pool = "iso-pool-" + n + "-" + System.nanoTime() % 100_000;
		gw.send(call("POST", "/v1/pools", null, Map.of("poolId", pool, "numberKind", "SEGMENT_700"), OPERATOR))
			.expect(201);
		String block = "7009" + String.format("%07d", (int) (System.nanoTime() % 10_000_000));
		gw.send(call("POST", "/v1/pools/" + pool + "/blocks", null, Map.of("managementNumbers", List.of(block)),
				OPERATOR))
			.expect(201);
		platform1 = "iso-p1-" + n + "-" + System.nanoTime() % 100_000;
		platform2 = "iso-p2-" + n + "-" + System.nanoTime() % 100_000;
		for (String p : List.of(platform1, platform2)) {
			gw.send(call("POST", "/v1/platforms", null,
					Map.of("platformId", p, "name", "Isolation test", "pools", List.of(pool)), OPERATOR))
				.expect(201);
		}
		key1 = issue("PLATFORM", platform1);
		key2 = issue("PLATFORM", platform2);
		carrier = issue("CARRIER", null);
		regulator = issue("REGULATOR", null);
		URI base = URI.create("http://127.0.0.1:" + port);
		client1 = NumShieldClient.create(base, key1.keyId(), key1.secret());
		client2 = NumShieldClient.create(base, key2.keyId(), key2.secret());
	}

	@Test
	void aPlatformCannotReadChangeOrReleaseAnotherPlatformsBinding() {
		String a = PhoneFixtures.mobile();
		String b = PhoneFixtures.mobile();
		Binding mine = client1.bind(BindRequest.axb("ORD-ISO-1", a, b, 1800, consent()));
		assertThat(mine.status()).isEqualTo("ACTIVE");

		assertNotFound(() -> client2.get(mine.bindingId()));
		assertNotFound(() -> client2.update(mine.bindingId(), BindingUpdate.ttl(60)));
		assertNotFound(() -> client2.update(mine.bindingId(), BindingUpdate.newPartyB(PhoneFixtures.mobile())));
		try {
			client2.release(mine.bindingId());
		}
		catch (NumShieldException refused) {
			assertThat(refused.status()).isEqualTo(404);
		}
		assertThat(client2.findByOrder("ORD-ISO-1")).isEmpty();

		Binding still = client1.get(mine.bindingId());
		assertThat(still.status()).isEqualTo("ACTIVE");
		assertThat(still.expiresAt()).isEqualTo(mine.expiresAt());
		assertThat(still.partyB()).isEqualTo(mine.partyB());
		assertThat(client1.findByOrder("ORD-ISO-1")).extracting(Binding::bindingId).containsExactly(mine.bindingId());
	}

	@Test
	void aPlatformCannotActAsAnotherPlatformByHeaders() {
		Binding mine = client1.bind(BindRequest.axn("ORD-ISO-H", PhoneFixtures.mobile(), 1800, consent()));
		SignedCalls.Response asOther = gw.send(call("GET", "/v1/bindings/" + mine.bindingId(), null, null, key2,
				"X-NumShield-Platform-Id", platform1, "X-Platform-Id", platform1, "X-Forwarded-User", platform1));
		expectProblem(asOther, 404, "BINDING_NOT_FOUND");
	}

	@Test
	void aPlatformCannotReachCarrierRegulatorOrOperatorEndpoints() {
		String x = client1.bind(BindRequest.axn("ORD-ISO-2", PhoneFixtures.mobile(), 1800, consent())).virtualNumber();
		List<SignedCalls.Call> forbidden = List.of(
				// carrier
				call("POST", "/v1/call-routes", null,
						Map.of("callId", "c-1", "caller", PhoneFixtures.mobile(), "called", x, "type", "VOICE"), key1),
				call("POST", "/v1/call-events", null,
						Map.of("callId", "c-1", "caller", PhoneFixtures.mobile(), "called", x, "event", "RINGING",
								"occurredAt", Instant.now().toString()),
						key1),
				// regulator
				call("GET", "/v1/audit/trace", "virtualNumber=" + x + "&at=" + Instant.now() + "&reason=curious", null,
						key1),
				call("POST", "/v1/audit/party-search", null,
						Map.of("party", PhoneFixtures.mobile(), "reason", "curious"), key1),
				call("GET", "/v1/audit/events", "from=2026-01-01T00:00:00Z&to=2027-01-01T00:00:00Z", null, key1),
				call("GET", "/v1/audit/verify", "from=2026-01-01T00:00:00Z&to=2027-01-01T00:00:00Z", null, key1),
				call("POST", "/v1/blocklist", null, Map.of("number", PhoneFixtures.mobile(), "reason", "competitor"),
						key1),
				call("POST", "/v1/blocklist/removals", null, Map.of("number", PhoneFixtures.mobile(), "reason", "x"),
						key1),
				// operator
				call("POST", "/v1/pools", null, Map.of("poolId", "mine", "numberKind", "SEGMENT_700"), key1),
				call("GET", "/v1/pools/" + pool, null, null, key1),
				call("POST", "/v1/pools/" + pool + "/blocks", null, Map.of("managementNumbers", List.of("70099999999")),
						key1),
				call("POST", "/v1/platforms", null, Map.of("platformId", "evil", "name", "x", "pools", List.of(pool)),
						key1),
				call("GET", "/v1/platforms/" + platform2, null, null, key1),
				call("GET", "/v1/platforms/" + platform1, null, null, key1),
				call("POST", "/v1/platforms/" + platform2 + "/suspend", null, Map.of("reason", "competitor"), key1),
				call("POST", "/v1/platforms/" + platform1 + "/resume", null, null, key1),
				call("POST", "/v1/platforms/" + platform2 + "/revoke", null, Map.of("reason", "competitor"), key1),
				call("POST", "/v1/api-keys", null, Map.of("role", "OPERATOR"), key1),
				call("GET", "/v1/api-keys", null, null, key1),
				call("DELETE", "/v1/api-keys/" + key2.keyId(), null, null, key1));
		for (SignedCalls.Call c : forbidden) {
			SignedCalls.Response answer = gw.send(c);
			assertThat(answer.status()).as(c.method() + " " + c.path() + ": " + answer.body()).isEqualTo(403);
			assertThat(answer.code()).as(c.path()).isEqualTo("FORBIDDEN");
		}
		client2.bind(BindRequest.axn("ORD-ISO-3", PhoneFixtures.mobile(), 1800, consent())); // platform
																								// 2
																								// not
																								// suspended
	}

	@Test
	void aCarrierCannotBindNorTouchBindings() {
		Binding mine = client1.bind(BindRequest.axn("ORD-ISO-4", PhoneFixtures.mobile(), 1800, consent()));
		for (SignedCalls.Call c : List.of(
				call("POST", "/v1/bindings", null,
						Map.of("mode", "AXN", "orderId", "ORD-C", "partyA", PhoneFixtures.mobile(), "ttlSeconds", 1800,
								"consent", Map.of("reference", "c", "grantedAt", Instant.now().toString())),
						carrier),
				call("GET", "/v1/bindings/" + mine.bindingId(), null, null, carrier),
				call("GET", "/v1/bindings", "orderId=ORD-ISO-4", null, carrier),
				call("PATCH", "/v1/bindings/" + mine.bindingId(), null, Map.of("ttlSeconds", 60), carrier),
				call("DELETE", "/v1/bindings/" + mine.bindingId(), null, null, carrier),
				call("POST", "/v1/blocklist", null, Map.of("number", PhoneFixtures.mobile(), "reason", "x"), carrier),
				call("POST", "/v1/pools", null, Map.of("poolId", "c", "numberKind", "SEGMENT_700"), carrier),
				call("GET", "/v1/audit/trace",
						"virtualNumber=" + mine.virtualNumber() + "&at=" + Instant.now() + "&reason=x", null, carrier),
				call("GET", "/v1/api-keys", null, null, carrier))) {
			SignedCalls.Response answer = gw.send(c);
			assertThat(answer.status()).as(c.method() + " " + c.path() + ": " + answer.body()).isEqualTo(403);
		}
		assertThat(client1.get(mine.bindingId()).status()).isEqualTo("ACTIVE");
		// what a carrier may do
		SignedCalls.Response routed = gw
			.send(call("POST", "/v1/call-routes", null, Map.of("callId", "c-ok", "caller", PhoneFixtures.mobile(),
					"called", mine.virtualNumber(), "type", "VOICE"), carrier))
			.expect(200);
		assertThat(routed.text("action")).isEqualTo("CONNECT");
	}

	@Test
	void aRegulatorCanChangeNothingButTheBlocklist() {
		Binding mine = client1.bind(BindRequest.axn("ORD-ISO-5", PhoneFixtures.mobile(), 1800, consent()));
		for (SignedCalls.Call c : List.of(
				call("POST", "/v1/bindings", null,
						Map.of("mode", "AXN", "orderId", "ORD-R", "partyA", PhoneFixtures.mobile(), "ttlSeconds", 1800,
								"consent", Map.of("reference", "c", "grantedAt", Instant.now().toString())),
						regulator),
				call("PATCH", "/v1/bindings/" + mine.bindingId(), null, Map.of("ttlSeconds", 60), regulator),
				call("DELETE", "/v1/bindings/" + mine.bindingId(), null, null, regulator),
				call("POST", "/v1/pools", null, Map.of("poolId", "r", "numberKind", "SEGMENT_700"), regulator),
				call("POST", "/v1/pools/" + pool + "/blocks", null, Map.of("managementNumbers", List.of("70099999998")),
						regulator),
				call("POST", "/v1/platforms", null, Map.of("platformId", "r", "name", "x", "pools", List.of(pool)),
						regulator),
				call("POST", "/v1/platforms/" + platform1 + "/suspend", null, Map.of("reason", "x"), regulator),
				call("POST", "/v1/platforms/" + platform1 + "/revoke", null, Map.of("reason", "x"), regulator),
				call("POST", "/v1/call-routes", null,
						Map.of("callId", "c-r", "caller", PhoneFixtures.mobile(), "called", mine.virtualNumber(),
								"type", "VOICE"),
						regulator),
				call("POST", "/v1/call-events", null,
						Map.of("callId", "c-r", "caller", PhoneFixtures.mobile(), "called", mine.virtualNumber(),
								"event", "RINGING", "occurredAt", Instant.now().toString()),
						regulator),
				call("POST", "/v1/api-keys", null, Map.of("role", "REGULATOR"), regulator),
				call("DELETE", "/v1/api-keys/" + key1.keyId(), null, null, regulator))) {
			SignedCalls.Response answer = gw.send(c);
			assertThat(answer.status()).as(c.method() + " " + c.path() + ": " + answer.body()).isEqualTo(403);
		}
		assertThat(client1.get(mine.bindingId()).status()).isEqualTo("ACTIVE");
		String blocked = PhoneFixtures.mobile();
		gw.send(call("POST", "/v1/blocklist", null, Map.of("number", blocked, "reason", "fraud reports"), regulator))
			.expect(201);
		assertThatThrownBy(() -> client1.bind(BindRequest.axn("ORD-ISO-6", blocked, 1800, consent())))
			.isInstanceOfSatisfying(NumShieldException.class, ex -> assertThat(ex.code()).isEqualTo("PARTY_BLOCKED"));
		gw.send(call("POST", "/v1/blocklist/removals", null, Map.of("number", blocked, "reason", "cleared"), regulator))
			.expect(200);
	}

	@Test
	void everyContractPathAnswersThroughTheGatewayOnlyWhenSigned() {
		for (String path : List.of("/v1/pools", "/v1/platforms", "/v1/blocklist", "/v1/bindings", "/v1/call-routes",
				"/v1/call-events", "/v1/audit/trace", "/v1/audit/verify", "/v1/api-keys")) {
			expectProblem(gw.raw("POST", path, null, "{}", null), 401, "UNAUTHENTICATED");
		}
		SignedCalls.Response pool = gw.send(call("GET", "/v1/pools/" + this.pool, null, null, OPERATOR)).expect(200);
		assertThat(pool.text("poolId")).isEqualTo(this.pool);
	}

	private SignedCalls.Key issue(String role, String platformId) {
		Map<String, Object> body = new java.util.HashMap<>(Map.of("role", role));
		if (platformId != null) {
			body.put("platformId", platformId);
		}
		if (role.equals("CARRIER")) {
			body.put("pools", List.of(pool));
		}
		SignedCalls.Response created = gw.send(call("POST", "/v1/api-keys", null, body, OPERATOR)).expect(201);
		if ("PENDING_APPROVAL".equals(created.text("status"))) {
			// a REGULATOR key needs a second operator
			gw.send(call("POST", "/v1/api-keys/" + created.text("keyId") + "/approvals", null, null,
					GatewayITSupport.SECOND_OPERATOR))
				.expect(200);
		}
		return new SignedCalls.Key(created.text("keyId"), created.text("secret"));
	}

	private static BindRequest.Consent consent() {
		return new BindRequest.Consent("consent-" + NEXT.incrementAndGet(), Instant.now().minusSeconds(5));
	}

	private static void assertNotFound(Runnable call) {
		assertThatThrownBy(call::run).isInstanceOfSatisfying(NumShieldException.class, ex -> {
			assertThat(ex.status()).isEqualTo(404);
			assertThat(ex.code()).isEqualTo("BINDING_NOT_FOUND");
		});
	}

}
