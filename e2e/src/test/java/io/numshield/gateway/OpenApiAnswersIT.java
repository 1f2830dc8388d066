package io.numshield.gateway;

import static io.numshield.gateway.SignedCalls.call;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.numshield.client.Ns1Signature;
import io.numshield.testsupport.PhoneFixtures;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * {@code docs/api/openapi.yaml} against what the services answer: real requests through
 * the gateway, in front of the three services started from their jars, by each role (an
 * operator's set-up and listings, a platform's binding from bind to release, a carrier's
 * routes, call event and token, a regulator's trace, party search, export and
 * verification) and the refusals a client meets (bad input, an unknown binding, the wrong
 * role, no signature). Each answer's status must be declared for its operation and its
 * body must validate against the declared schema, read strictly ({@link OpenApiAnswers});
 * every problem document against {@code Problem}. The findings and each request are
 * written to {@code e2e/target/openapi-answers-report.txt}.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class OpenApiAnswersIT {

	private static final SignedCalls.Key OPERATOR = GatewayITSupport.OPERATOR;

	private static final OpenApiAnswers DESCRIPTION = OpenApiAnswers.load();

	/** For {@code send}: any status the description declares. */
	private static final int ANY_DECLARED = -1;

	@LocalServerPort
	int port;

	private final List<String> findings = new ArrayList<>();

	private final List<String> report = new ArrayList<>();

	private final TreeSet<String> operations = new TreeSet<>();

	private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	private String baseUrl;

	@DynamicPropertySource
	static void infrastructure(DynamicPropertyRegistry registry) {
		ServiceProcesses.registerGatewayInFront(registry, OPERATOR);
	}

	@Test
	void everyAnswerIsOneTheDescriptionDeclares() throws IOException {
		this.baseUrl = "http://127.0.0.1:" + port;
		SignedCalls gw = new SignedCalls(this.baseUrl);
		String run = Long.toString(System.nanoTime() % 1_000_000, 36);
		Instant start = Instant.now().minusSeconds(60);

		// OPERATOR: a pool with a block, a platform, keys; then the listings
		String pool = "oas-pool-" + run;
		send("POST", "/v1/pools", "/v1/pools", null, Map.of("poolId", pool, "numberKind", "SEGMENT_700"), OPERATOR,
				201);
		// 7005: a corner of its own (GeneratedClientIT 7006, DemoWalkthroughIT 7007,
		// ContractFuzzIT 7008, TenantIsolationIT and SeveralInstancesIT 7009)
		String block = "7005" + String.format("%07d", (int) (System.nanoTime() % 10_000_000));
		send("POST", "/v1/pools/{poolId}/blocks", "/v1/pools/" + pool + "/blocks", null,
				Map.of("managementNumbers", List.of(block)), OPERATOR, 201);
		String platform = "oas-platform-" + run;
		send("POST", "/v1/platforms", "/v1/platforms", null,
				Map.of("platformId", platform, "name", "Described", "pools", List.of(pool), "maxActiveBindings", 100),
				OPERATOR, 201);
		send("GET", "/v1/pools/{poolId}", "/v1/pools/" + pool, null, null, OPERATOR, 200);
		send("GET", "/v1/platforms/{platformId}", "/v1/platforms/" + platform, null, null, OPERATOR, 200);
		SignedCalls.Key platformKey = issue(Map.of("role", "PLATFORM", "platformId", platform));
		SignedCalls.Key carrier = issue(Map.of("role", "CARRIER", "pools", List.of(pool)));
		SignedCalls.Key regulator = issue(Map.of("role", "REGULATOR", "description", "described regulator"));
		send("GET", "/v1/api-keys", "/v1/api-keys", null, null, OPERATOR, 200);
		// a second platform, suspended and resumed (with a reason); an unknown one
		String idle = "oas-idle-" + run;
		send("POST", "/v1/platforms", "/v1/platforms", null,
				Map.of("platformId", idle, "name", "Idle", "pools", List.of(pool)), OPERATOR, 201);
		send("POST", "/v1/platforms/{platformId}/suspend", "/v1/platforms/" + idle + "/suspend", null,
				Map.of("reason", "contract review"), OPERATOR, 200);
		send("POST", "/v1/platforms/{platformId}/resume", "/v1/platforms/" + idle + "/resume", null, null, OPERATOR,
				200);
		send("GET", "/v1/platforms/{platformId}", "/v1/platforms/no-such-" + run, null, null, OPERATOR, 404);
		send("POST", "/v1/platforms/{platformId}/revoke", "/v1/platforms/" + idle + "/revoke", null,
				Map.of("reason", "contract ended"), OPERATOR, 200);
		send("POST", "/v1/platforms/{platformId}/resume", "/v1/platforms/" + idle + "/resume", null, null, OPERATOR,
				409);
		send("POST", "/v1/pools", "/v1/pools", null, Map.of("poolId", pool, "numberKind", "SEGMENT_700"), OPERATOR,
				409);
		send("POST", "/v1/pools", "/v1/pools", null, Map.of("poolId", "bad pool!", "numberKind", "SEGMENT_700"),
				OPERATOR, 400);

		// PLATFORM: bind, the same request again, read, list, change, refusals, release
		String a = PhoneFixtures.mobile();
		String b = PhoneFixtures.mobile();
		String order = "OAS-" + run;
		Map<String, Object> bind = Map.of("mode", "AXB", "orderId", order, "partyA", a, "partyB", b, "ttlSeconds", 1800,
				"consent", Map.of("reference", "oas-" + run, "grantedAt", Instant.now().minusSeconds(5).toString()));
		Answer bound = send("POST", "/v1/bindings", "/v1/bindings", null, bind, platformKey, 201, "Idempotency-Key",
				order + "-bind");
		send("POST", "/v1/bindings", "/v1/bindings", null, bind, platformKey, 201, "Idempotency-Key", order + "-bind");
		Map<String, Object> other = new HashMap<>(bind);
		other.put("ttlSeconds", 900);
		send("POST", "/v1/bindings", "/v1/bindings", null, other, platformKey, 422, "Idempotency-Key", order + "-bind");
		String bindingId = bound.text("bindingId");
		String x = bound.text("virtualNumber");
		send("GET", "/v1/bindings/{bindingId}", "/v1/bindings/" + bindingId, null, null, platformKey, 200);
		send("GET", "/v1/bindings", "/v1/bindings", "orderId=" + order, null, platformKey, 200);
		send("PATCH", "/v1/bindings/{bindingId}", "/v1/bindings/" + bindingId, null, Map.of("ttlSeconds", 3600),
				platformKey, 200);
		send("POST", "/v1/bindings", "/v1/bindings", null, Map.of("mode", "AXB", "orderId", order), platformKey, 400);
		send("POST", "/v1/bindings", "/v1/bindings", null,
				Map.of("mode", "AXN", "orderId", order + "-n", "partyA", "12345", "ttlSeconds", 600, "consent",
						Map.of("reference", "oas-" + run, "grantedAt", Instant.now().toString())),
				platformKey, 400);
		send("GET", "/v1/bindings/{bindingId}", "/v1/bindings/00" + "0".repeat(14), null, null, platformKey, 404);
		send("PATCH", "/v1/bindings/{bindingId}", "/v1/bindings/" + bindingId, null, Map.of(), platformKey, 400);
		send("GET", "/v1/pools/{poolId}", "/v1/pools/" + pool, null, null, platformKey, 403);
		send("GET", "/v1/bindings/{bindingId}", "/v1/bindings/" + bindingId, null, null, null, 401);

		// CARRIER: a route that connects, one that is refused, a call event, a token, the
		// keys it is checked with
		send("POST", "/v1/call-routes", "/v1/call-routes", null,
				Map.of("callId", "oas-" + run, "caller", a, "called", x, "type", "VOICE"), carrier, 200);
		send("POST", "/v1/call-routes", "/v1/call-routes", null,
				Map.of("callId", "oas-" + run + "-x", "caller", PhoneFixtures.mobile(), "called", x, "type", "SMS"),
				carrier, 200);
		send("POST", "/v1/call-routes", "/v1/call-routes", null,
				Map.of("callId", "oas-" + run + "-bad", "caller", a, "called", "12345", "type", "VOICE"), carrier, 400);
		send("POST", "/v1/call-events", "/v1/call-events", null, Map.of("callId", "oas-" + run, "bindingId", bindingId,
				"caller", a, "called", x, "event", "ANSWERED", "occurredAt", Instant.now().toString()), carrier, 202);
		send("POST", "/v1/bindings", "/v1/bindings", null, bind, carrier, 403);
		send("POST", "/v1/tokens", "/v1/tokens", null, null, carrier, 200);
		send("GET", "/.well-known/jwks.json", "/.well-known/jwks.json", null, null, null, 200);
		send("GET", "/openapi.yaml", "/openapi.yaml", null, null, null, 200);
		send("GET", "/docs", "/docs", null, null, null, 200);
		// a carrier key of one request per second: within a few calls one is over its
		// rate,
		// 429 RATE_LIMITED with a Retry-After (what is checked is the answer, not when)
		SignedCalls.Key slow = issue(Map.of("role", "CARRIER", "pools", List.of(pool), "ratePerSecond", 1));
		List<Integer> statuses = new ArrayList<>();
		for (int i = 0; i < 10 && !statuses.contains(429); i++) {
			statuses.add(send("POST", "/v1/call-routes", "/v1/call-routes", null,
					Map.of("callId", "oas-" + run + "-slow-" + i, "caller", a, "called", x, "type", "VOICE"), slow,
					ANY_DECLARED)
				.status());
		}
		assertThat(statuses).contains(429).allMatch(status -> status == 200 || status == 429);
		send("DELETE", "/v1/api-keys/{keyId}", "/v1/api-keys/" + slow.keyId(), null, null, OPERATOR, 204);

		// OPERATOR: the callback dead letters (a page of all, one platform's), the
		// refusals
		String deadLetters = "/v1/callbacks/dead-letters";
		send("GET", deadLetters, deadLetters, "limit=200", null, OPERATOR, 200);
		send("GET", deadLetters, deadLetters, "platformId=" + platform + "&limit=5", null, OPERATOR, 200);
		send("GET", deadLetters, deadLetters, "limit=0", null, OPERATOR, 400);
		send("GET", deadLetters, deadLetters, null, null, platformKey, 403);
		String redelivery = "/v1/callbacks/dead-letters/{eventId}/redelivery";
		send("POST", redelivery, "/v1/callbacks/dead-letters/evt_" + "0".repeat(32) + "/redelivery", null, null,
				OPERATOR, 404);
		send("POST", redelivery, "/v1/callbacks/dead-letters/evt_" + "0".repeat(32) + "/redelivery", null, null,
				carrier, 403);

		// REGULATOR (and OPERATOR where both may): trace, party search, export, verify,
		// checkpoints, the blocklist. The audit service ingests the streams on its own:
		// ask until the ledger has the binding (a deadline, never a sleep)
		String reason = "reason=described%20case";
		await().atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
			SignedCalls.Response trace = gw.send(call("GET", "/v1/audit/trace",
					"virtualNumber=" + x + "&at=" + Instant.now() + "&" + reason, null, regulator));
			assertThat(trace.status()).isEqualTo(200);
			assertThat(trace.json().get("holders").size()).isEqualTo(1);
		});
		send("GET", "/v1/audit/trace", "/v1/audit/trace", "virtualNumber=" + x + "&at=" + Instant.now() + "&" + reason,
				null, regulator, 200);
		send("GET", "/v1/audit/trace", "/v1/audit/trace", "virtualNumber=" + x + "&at=" + Instant.now(), null,
				regulator, 400);
		send("POST", "/v1/audit/party-search", "/v1/audit/party-search", null, Map.of("party", a, "from",
				start.toString(), "to", Instant.now().plusSeconds(60).toString(), "reason", "described case"),
				regulator, 200);
		String range = "from=" + start + "&to=" + Instant.now().plusSeconds(60);
		send("GET", "/v1/audit/events", "/v1/audit/events", range + "&virtualNumber=" + x + "&" + reason, null,
				regulator, 200);
		send("GET", "/v1/audit/events", "/v1/audit/events", range + "&virtualNumber=" + x + "&format=csv&" + reason,
				null, regulator, 200);
		send("GET", "/v1/audit/verify", "/v1/audit/verify", range, null, OPERATOR, 200);
		send("GET", "/v1/audit/checkpoints", "/v1/audit/checkpoints", range, null, regulator, 200);
		send("GET", "/v1/audit/checkpoints/key", "/v1/audit/checkpoints/key", null, null, regulator, 200);
		send("GET", "/v1/audit/trace", "/v1/audit/trace", "virtualNumber=" + x + "&at=" + Instant.now() + "&" + reason,
				null, platformKey, 403);
		String blocked = PhoneFixtures.mobile();
		send("POST", "/v1/blocklist", "/v1/blocklist", null, Map.of("number", blocked, "reason", "described fraud"),
				regulator, 201);
		send("POST", "/v1/blocklist/removals", "/v1/blocklist/removals", null,
				Map.of("number", blocked, "reason", "described appeal"), OPERATOR, 200);

		// and the platform releases its binding: 204 without a body, then read RELEASED
		send("DELETE", "/v1/bindings/{bindingId}", "/v1/bindings/" + bindingId, null, null, platformKey, 204);
		send("GET", "/v1/bindings/{bindingId}", "/v1/bindings/" + bindingId, null, null, platformKey, 200);

		Path file = Path.of("target", "openapi-answers-report.txt");
		Files.createDirectories(file.getParent());
		Files.write(file, this.report);
		assertThat(this.findings).as("answers that are not as docs/api/openapi.yaml declares them").isEmpty();
		assertThat(this.operations).hasSizeGreaterThanOrEqualTo(33);
	}

	/**
	 * Sends a signed call (unsigned without a key), checks the answer, its headers
	 * included, against the description and that its status is the one expected here, and
	 * answers it.
	 */
	private Answer send(String method, String template, String path, String query, Object body, SignedCalls.Key key,
			int expected, String... headers) {
		byte[] bytes = body == null ? new byte[0] : SignedCalls.JSON.writeValueAsBytes(body);
		HttpRequest.Builder request = HttpRequest
			.newBuilder(URI.create(this.baseUrl + path + (query == null ? "" : "?" + query)))
			.timeout(Duration.ofSeconds(30))
			.method(method,
					body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(bytes));
		if (body != null) {
			request.header("Content-Type", "application/json");
		}
		String idempotencyKey = null;
		for (int i = 0; i + 1 < headers.length; i += 2) {
			request.header(headers[i], headers[i + 1]);
			idempotencyKey = headers[i].equalsIgnoreCase("Idempotency-Key") ? headers[i + 1] : idempotencyKey;
		}
		if (key != null) {
			request.header("Authorization", Ns1Signature.authorization(key.keyId(), key.secret(), method, path, query,
					idempotencyKey, bytes, Instant.now().getEpochSecond(), Ns1Signature.nonce()));
		}
		HttpResponse<String> response;
		try {
			response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
		Map<String, String> first = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
		response.headers().map().forEach((name, values) -> first.put(name, values.get(0)));
		String contentType = first.getOrDefault("Content-Type", "");
		List<String> found = DESCRIPTION.check(method, template, response.statusCode(), contentType, first,
				response.body());
		this.operations.add(method + " " + template);
		this.report.add(method + " " + path + (query == null ? "" : "?" + query) + " -> " + response.statusCode() + " "
				+ contentType + (found.isEmpty() ? "" : "\n    " + String.join("\n    ", found)));
		this.findings.addAll(found);
		if (expected != ANY_DECLARED && response.statusCode() != expected) {
			this.findings.add(method + " " + template + ": expected " + expected + " but got " + response.statusCode()
					+ ": " + response.body());
		}
		return new Answer(response.statusCode(), first, response.body());
	}

	/** An answer: its status, the first value of each header, its body. */
	private record Answer(int status, Map<String, String> headers, String body) {

		/** A field of a JSON body, as text. */
		String text(String field) {
			return SignedCalls.JSON.readTree(body).path(field).asString(null);
		}

	}

	/**
	 * A key issued by the bootstrap operator; one that waits for a second operator is
	 * approved by it.
	 */
	private SignedCalls.Key issue(Map<String, Object> body) {
		Answer created = send("POST", "/v1/api-keys", "/v1/api-keys", null, body, OPERATOR, 201);
		if ("PENDING_APPROVAL".equals(created.text("status"))) {
			send("POST", "/v1/api-keys/{keyId}/approvals", "/v1/api-keys/" + created.text("keyId") + "/approvals", null,
					null, GatewayITSupport.SECOND_OPERATOR, 200);
		}
		return new SignedCalls.Key(created.text("keyId"), created.text("secret"));
	}

}
