package io.numshield.routing;

import static org.assertj.core.api.Assertions.assertThat;

import io.numshield.core.number.ManagementNumber;
import io.numshield.core.number.VirtualNumber;
import io.numshield.core.token.Audience;
import io.numshield.core.token.Role;
import io.numshield.core.token.TokenClaims;
import io.numshield.testsupport.ForgedTokens;
import io.numshield.testsupport.PhoneFixtures;
import io.numshield.testsupport.TestInfrastructure;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import io.micrometer.core.instrument.MeterRegistry;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * The exact answers of {@code POST /v1/call-routes} as a carrier's client sees them:
 * whole problem documents (status, code, detail, instance), content types, the fields of
 * an answer and the headers every answer carries. Runs on the hot path (the default) and,
 * in {@link RouteAnswersMvcPathIT}, on the MVC path: the same assertions hold for both.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class RouteAnswersIT extends RoutingITSupport {

	private static final ObjectMapper JSON = JsonMapper.builder().build();

	private static final AtomicInteger NEXT_BLOCK = new AtomicInteger(40_000);

	private static final AtomicInteger NEXT = new AtomicInteger();

	private static final String UNREADABLE = "the request is not valid JSON of the expected shape";

	@Autowired
	MeterRegistry meters;

	@Value("${numshield.routing.hot-path.enabled:true}")
	boolean hotPath;

	LiveLeases leases;

	String platformId;

	@DynamicPropertySource
	static void infrastructure(DynamicPropertyRegistry registry) {
		TestInfrastructure.get().register(registry);
	}

	@BeforeEach
	void platform() {
		leases = liveLeases();
		platformId = "answers-plat-" + NEXT.incrementAndGet();
		leases.platform(platformId, "ACTIVE");
	}

	@Test
	void connectAndRejectCarryTheirFieldsOnlyAsJson() throws Exception {
		VirtualNumber x = freshNumber();
		String a = PhoneFixtures.mobile();
		String b = PhoneFixtures.mobile();
		String id = leases.axb(platformId, x, a, b, "BOTH", true);

		HttpResponse<String> connect = post(question("c-1", a, x.digits(), "VOICE"), "application/json", carrier());
		assertThat(connect.statusCode()).isEqualTo(200);
		assertThat(connect.headers().firstValue("Content-Type")).hasValue("application/json");
		assertThat(JSON.readValue(connect.body(), Map.class)).isEqualTo(Map.of("action", "CONNECT", "callId", "c-1",
				"bindingId", id, "callee", PhoneFixtures.e164(b), "displayNumber", x.digits(), "record", true));
		assertSecurityHeaders(connect);

		HttpResponse<String> reject = post(question("c-2", PhoneFixtures.mobile(), x.digits(), "SMS"),
				"application/json; charset=UTF-8", carrier());
		assertThat(reject.statusCode()).isEqualTo(200);
		assertThat(JSON.readValue(reject.body(), Map.class))
			.isEqualTo(Map.of("action", "REJECT", "callId", "c-2", "reason", "CALLER_NOT_PARTY"));
	}

	@Test
	void refusesCallersWithoutAValidCarrierTokenAsTheSecurityChainDoes() throws Exception {
		String fine = question("c-auth", PhoneFixtures.mobile(), freshNumber().digits(), "VOICE");
		List<String> refusedTokens = new java.util.ArrayList<>(
				ForgedTokens.against(Audience.ROUTING, TokenClaims.carrier("ck_forged", List.of(LiveLeases.POOL)))
					.values());
		refusedTokens.add("not a token");
		for (String token : refusedTokens) {
			assertProblem(post(fine, "application/json", token), 401, "UNAUTHENTICATED",
					"a valid internal token is required");
		}
		assertProblem(post(fine, "application/json", null), 401, "UNAUTHENTICATED",
				"a valid internal token is required");
		HttpResponse<String> basic = send(
				request(fine, "application/json", null).header("Authorization", "Basic eDp5"));
		assertProblem(basic, 401, "UNAUTHENTICATED", "a valid internal token is required");
		for (Role role : List.of(Role.PLATFORM, Role.REGULATOR, Role.OPERATOR)) {
			assertProblem(post(fine, "application/json", token(role)), 403, "FORBIDDEN",
					"this role may not call this endpoint");
		}
		// the token is checked before the body: no token and no JSON is still a 401
		assertProblem(post("{", "text/plain", null), 401, "UNAUTHENTICATED", "a valid internal token is required");
	}

	@Test
	void refusesBodiesAsTheControllerDoes() throws Exception {
		String x = freshNumber().digits();
		assertProblem(post("{\"callId\":", "application/json", carrier()), 400, "VALIDATION_FAILED", UNREADABLE);
		assertProblem(post("", "application/json", carrier()), 400, "VALIDATION_FAILED", UNREADABLE);
		assertProblem(post("null", "application/json", carrier()), 400, "VALIDATION_FAILED", UNREADABLE);
		assertProblem(post(question("c-3", PhoneFixtures.mobile(), x, "FAX"), "application/json", carrier()), 400,
				"VALIDATION_FAILED", UNREADABLE);
		assertProblem(post(question("c\u0001", PhoneFixtures.mobile(), x, "VOICE"), "application/json", carrier()), 400,
				"VALIDATION_FAILED", "field callId: the text holds a control character (U+0001) at position 1");
		assertProblem(
				post("{\"callId\":\"no spaces\",\"caller\":\" \",\"called\":\"" + x + "\"}", "application/json",
						carrier()),
				400, "VALIDATION_FAILED",
				"callId must match \"[A-Za-z0-9._:@-]{1,128}\"; " + "caller must not be blank; type must not be null");
		assertThat(
				problem(post(question("c-4", PhoneFixtures.mobile(), "12345", "VOICE"), "application/json", carrier()),
						400)
					.get("code")
					.asString())
			.isEqualTo("INVALID_VIRTUAL_NUMBER");
		assertThat(problem(post(question("c-5", "10086", x, "VOICE"), "application/json", carrier()), 400).get("code")
			.asString()).isEqualTo("INVALID_PHONE_NUMBER");
		assertProblem(post(question("c-6", PhoneFixtures.mobile(), x, "VOICE"), "text/plain", carrier()), 415,
				"VALIDATION_FAILED", "send application/json");
	}

	@Test
	void refusesNumbersOutsideTheCarriersPools() throws Exception {
		ManagementNumber unknown = ManagementNumber
			.segment700("700" + String.format("%08d", NEXT_BLOCK.incrementAndGet()));
		assertProblem(post(question("c-7", PhoneFixtures.mobile(), unknown.numberAt(1).digits(), "VOICE"),
				"application/json", carrier()), 403, "OUT_OF_SCOPE",
				"the called number is not in a pool this carrier key serves");
	}

	@Test
	void answersOnThePathItIsConfiguredFor() {
		VirtualNumber x = freshNumber();
		String a = PhoneFixtures.mobile();
		leases.axb(platformId, x, a, PhoneFixtures.mobile(), "BOTH", false);
		double observedBefore = observedRoutes();
		double answeredBefore = routesAnswered200();
		assertThat(post(question("c-8", a, x.digits(), "VOICE"), "application/json", carrier()).statusCode())
			.isEqualTo(200);
		// counted by status whichever path answered it (http.hot.answers, the error-rate
		// alert's view of routes), as the request completes
		if (hotPath) {
			org.awaitility.Awaitility.await()
				.atMost(java.time.Duration.ofSeconds(5))
				.untilAsserted(() -> assertThat(routesAnswered200() - answeredBefore).isEqualTo(1));
		}
		// Spring's observation of the request (http.server.requests) is what the hot path
		// leaves out
		org.awaitility.Awaitility.await()
			.atMost(java.time.Duration.ofSeconds(5))
			.untilAsserted(() -> assertThat(observedRoutes() - observedBefore).as("observed by Spring MVC")
				.isEqualTo(hotPath ? 0 : 1));
		assertThat(meters.find("routing.decision").tags("action", "CONNECT", "reason", "none", "type", "VOICE").timer())
			.isNotNull()
			.satisfies(timer -> assertThat(timer.count()).isPositive())
			// the bucket at the 2 ms p99 target that the RouteLatencyOverTarget alert
			// reads
			// (deploy/observability/alerts.yml)
			.satisfies(timer -> assertThat(timer.takeSnapshot().histogramCounts())
				.anyMatch(bucket -> bucket.bucket(java.util.concurrent.TimeUnit.SECONDS) == 0.002)); // the
																										// bound
																										// the
																										// call-stream
																										// alerts
																										// compare
																										// the
																										// streams'
																										// length
																										// with
		assertThat(meters.get("routing.call.stream.limit").gauge().value())
			.isEqualTo((double) routingProperties.callStreamLimit());
	}

	@Autowired
	io.numshield.routing.route.RoutingProperties routingProperties;

	@Test
	void aChunkedQuestionIsAnsweredAlikeWhateverItsSize() {
		// the gateway's proxy forwards bodies chunked, without a Content-Length: they
		// took the MVC path
		VirtualNumber x = freshNumber();
		String a = PhoneFixtures.mobile();
		String id = leases.axb(platformId, x, a, PhoneFixtures.mobile(), "BOTH", false);
		String small = question("c-9", a, x.digits(), "VOICE");
		// over the hot path's 8 KiB bound: read in part, then handed on whole to the MVC
		// path
		String large = small.substring(0, small.length() - 1) + ",\"padding\":\"" + "x".repeat(9000) + "\"}";
		double observedBefore = observedRoutes();
		for (String body : List.of(small, large)) {
			HttpResponse<String> answer = send(request(body, "application/json", carrier())
				.POST(HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(
						body.getBytes(java.nio.charset.StandardCharsets.UTF_8)))));
			assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
			assertThat(JSON.readValue(answer.body(), Map.class)).containsEntry("action", "CONNECT")
				.containsEntry("bindingId", id);
		}
		// the small one on the configured path, the large one always through MVC
		// (recorded as the exchange ends)
		org.awaitility.Awaitility.await()
			.atMost(java.time.Duration.ofSeconds(5))
			.untilAsserted(() -> assertThat(observedRoutes() - observedBefore).isEqualTo(hotPath ? 1 : 2));
	}

	/** Routes Spring MVC observed so far, every status: what the hot path leaves out. */
	private double observedRoutes() {
		return meters.find("http.server.requests")
			.tag("uri", "/v1/call-routes")
			.timers()
			.stream()
			.mapToDouble(io.micrometer.core.instrument.Timer::count)
			.sum();
	}

	private void assertProblem(HttpResponse<String> response, int status, String code, String detail) {
		JsonNode problem = problem(response, status);
		Map<String, Object> fields = new LinkedHashMap<>();
		problem.properties()
			.forEach(e -> fields.put(e.getKey(),
					e.getValue().isNumber() ? e.getValue().asInt() : e.getValue().asString()));
		// the request's trace id: a new one on each path, as these requests send no
		// traceparent
		assertThat(fields.get("traceId")).asString().matches("[0-9a-f]{32}");
		assertThat(fields)
			.isEqualTo(Map.of("type", "https://numshield.io/problems/" + code.toLowerCase().replace('_', '-'), "title",
					fields.get("title"), "status", status, "detail", detail, "instance", "/v1/call-routes", "code",
					code, "traceId", fields.get("traceId")));
		assertSecurityHeaders(response);
	}

	private static JsonNode problem(HttpResponse<String> response, int status) {
		assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
		assertThat(response.headers().firstValue("Content-Type"))
			.hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
		return JSON.readTree(response.body());
	}

	private static void assertSecurityHeaders(HttpResponse<String> response) {
		assertThat(response.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
		assertThat(response.headers().firstValue("Cache-Control"))
			.hasValue("no-cache, no-store, max-age=0, must-revalidate");
		assertThat(response.headers().firstValue("X-Frame-Options")).hasValue("DENY");
	}

	private VirtualNumber freshNumber() {
		ManagementNumber block = ManagementNumber
			.segment700("700" + String.format("%08d", NEXT_BLOCK.incrementAndGet()));
		leases.block(block);
		return block.numberAt(7);
	}

	private static String question(String callId, String caller, String called, String type) {
		Map<String, String> body = new LinkedHashMap<>();
		body.put("callId", callId);
		body.put("caller", caller);
		body.put("called", called);
		body.put("type", type);
		return JSON.writeValueAsString(body);
	}

	private HttpResponse<String> post(String body, String contentType, String token) {
		return send(request(body, contentType, token));
	}

	private HttpRequest.Builder request(String body, String contentType, String token) {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/call-routes"))
			.header("Content-Type", contentType)
			.POST(HttpRequest.BodyPublishers.ofString(body));
		if (token != null) {
			request.header("Authorization", "Bearer " + token);
		}
		return request;
	}

	private static HttpResponse<String> send(HttpRequest.Builder request) {
		try {
			return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static String carrier() {
		return token(Role.CARRIER);
	}

	private static String token(Role role) {
		return TestInfrastructure.get()
			.mintToken(Audience.ROUTING, "answers-key-" + NEXT.incrementAndGet(), role, "some-platform",
					LiveLeases.POOL);
	}

	private double routesAnswered200() {
		io.micrometer.core.instrument.Counter counter = meters.find("http.hot.answers")
			.tags("method", "POST", "uri", "/v1/call-routes", "status", "200")
			.counter();
		return counter == null ? 0 : counter.count();
	}

}
