package io.numshield.gateway;

import static io.numshield.gateway.EdgeIT.expectProblem;
import static io.numshield.gateway.SignedCalls.call;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.numshield.core.token.Audience;
import io.numshield.core.token.Role;
import io.numshield.support.trace.TraceParent;
import io.numshield.testsupport.PhoneFixtures;
import io.numshield.testsupport.TestInfrastructure;

import com.sun.net.httpserver.HttpServer;

import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
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
 * The trace id a client sees is the one the services log (issue 13, point 4): through the
 * gateway in front of the services started from their jars, a request with a known W3C
 * {@code traceparent} gets its trace id back in every problem document, the gateway's own
 * refusals and the services' alike, on the hot paths (ADR 0004, ADR 0007) and the MVC
 * paths; a service's log line about it carries the same id; a malformed
 * {@code traceparent} is replaced, a missing one made, and the one made reaches the
 * service; every answer through the gateway names its trace in {@code traceresponse}.
 * With JSON logs on ({@code LOGGING_STRUCTURED_FORMAT_CONSOLE=ecs}, in a child process of
 * its own so that no other test's logs change), the lines parse as JSON with the trace id
 * in a field of its own, and no fixture number is in them in plaintext.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class TraceIdIT {

	private static final SignedCalls.Key OPERATOR = GatewayITSupport.OPERATOR;

	@LocalServerPort
	int port;

	@DynamicPropertySource
	static void infrastructure(DynamicPropertyRegistry registry) {
		ServiceProcesses.registerGatewayInFront(registry, OPERATOR);
	}

	@Test
	void aClientsTraceIdComesBackFromTheGatewayAndTheServicesAndIsInTheServicesLog() throws Exception {
		SignedCalls gw = new SignedCalls("http://127.0.0.1:" + port);
		String run = Long.toString(System.nanoTime() % 1_000_000, 36);
		String pool = "trace-pool-" + run;
		gw.send(call("POST", "/v1/pools", null, Map.of("poolId", pool, "numberKind", "SEGMENT_700"), OPERATOR))
			.expect(201);
		String platform = "trace-platform-" + run;
		gw.send(call("POST", "/v1/platforms", null,
				Map.of("platformId", platform, "name", "Trace", "pools", List.of(pool)), OPERATOR))
			.expect(201);
		SignedCalls.Key platformKey = IssuedKeys.issue(gw, Map.of("role", "PLATFORM", "platformId", platform));

		// every answer through the gateway names its trace, a success too: the MVC path
		// (a
		// pool) and the hot path (a binding that is not there) continue the client's
		String mvcOk = TraceParent.create();
		SignedCalls.Response found = gw
			.send(call("GET", "/v1/pools/" + pool, null, null, OPERATOR, TraceParent.HEADER, mvcOk))
			.expect(200);
		assertThat(found.traceResponse()).matches("00-" + TraceParent.traceId(mvcOk) + "-[0-9a-f]{16}-0[01]");
		String hotMissing = TraceParent.create();
		SignedCalls.Response missing = gw.send(
				call("GET", "/v1/bindings/07ABCDEFGHJKMNPQ", null, null, platformKey, TraceParent.HEADER, hotMissing));
		assertThat(missing.status()).isEqualTo(404);
		assertThat(missing.traceResponse()).isEqualTo(hotMissing);
		assertThat(traceId(missing)).isEqualTo(TraceParent.traceId(hotMissing));

		// the gateway's own refusal, hot path (POST /v1/bindings) and MVC path (GET
		// /v1/pools): unsigned
		String hotEdge = TraceParent.create();
		SignedCalls.Response unsigned = gw.raw("POST", "/v1/bindings", null, "{}", null, TraceParent.HEADER, hotEdge);
		expectProblem(unsigned, 401, "UNAUTHENTICATED");
		assertThat(traceId(unsigned)).isEqualTo(TraceParent.traceId(hotEdge));
		String mvcEdge = sampled(TraceParent.create());
		unsigned = gw.raw("GET", "/v1/pools", null, null, null, TraceParent.HEADER, mvcEdge);
		expectProblem(unsigned, 401, "UNAUTHENTICATED");
		assertThat(traceId(unsigned)).isEqualTo(TraceParent.traceId(mvcEdge));

		// a service's refusal through the gateway's and binding-service's hot paths: A
		// and
		// B the same number
		String a = PhoneFixtures.mobile();
		String hotService = TraceParent.create();
		SignedCalls.Response refused = gw.send(call("POST", "/v1/bindings", null, axb("TRACE-" + run, a, a),
				platformKey, TraceParent.HEADER, hotService));
		assertThat(refused.status()).as(refused.body()).isEqualTo(400);
		assertThat(traceId(refused)).isEqualTo(TraceParent.traceId(hotService));

		// a service's refusal through both MVC paths (pools are not hot):
		// binding-service's
		// ProblemAdvice
		String mvcService = TraceParent.create();
		SignedCalls.Response invalid = gw
			.send(call("POST", "/v1/pools", null, Map.of("poolId", "trace-bad-" + run, "numberKind", "NO_SUCH_KIND"),
					OPERATOR, TraceParent.HEADER, mvcService));
		assertThat(invalid.status()).as(invalid.body()).isEqualTo(400);
		assertThat(traceId(invalid)).isEqualTo(TraceParent.traceId(mvcService));

		// malformed: replaced, never echoed; missing: made by the gateway, and the
		// service
		// has the same
		String malformed = "00-" + TraceParent.traceId(TraceParent.create()).toUpperCase() + "-00f067aa0ba902b7-01";
		String replaced = traceId(gw.send(call("POST", "/v1/bindings", null, axb("TRACE-" + run, a, a), platformKey,
				TraceParent.HEADER, malformed)));
		assertThat(TraceParent.validTraceId(replaced)).isTrue();
		assertThat(malformed.toLowerCase()).doesNotContain(replaced);
		String made = traceId(gw.send(call("POST", "/v1/bindings", null, axb("TRACE-" + run, a, a), platformKey)));
		assertThat(TraceParent.validTraceId(made)).isTrue();
		SignedCalls.Response unnamed = gw.send(call("GET", "/v1/pools/" + pool, null, null, OPERATOR));
		assertThat(TraceParent.valid(unnamed.traceResponse())).isTrue();

		// binding-service logged each refusal with the trace id the client saw
		Path log = ServiceProcesses.get().logFile("binding-service", 0);
		await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
			List<String> lines = Files.readAllLines(log);
			for (String traceId : List.of(TraceParent.traceId(hotService), TraceParent.traceId(mvcService), replaced,
					made)) {
				assertThat(lines).as("a line of binding-service's log with trace id " + traceId)
					.anySatisfy(line -> assertThat(line).contains(traceId).contains("400"));
			}
		});
	}

	/**
	 * call-routing-service alone with JSON logs: a refusal on its hot path and one on its
	 * MVC path (an {@code Accept-Language} sends the same question there, ADR 0007), each
	 * with a known trace id and a fixture caller.
	 */
	@Test
	void jsonLogsCarryTheTraceIdAndNoRealNumber() throws Exception {
		String prefix = TestInfrastructure.get().keyPrefix() + "json-";
		// a stand-in OTLP collector: what the one export setting sends spans to
		List<byte[]> exported = new CopyOnWriteArrayList<>();
		HttpServer collector = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		collector.createContext("/v1/traces", exchange -> {
			exported.add(exchange.getRequestBody().readAllBytes());
			exchange.sendResponseHeaders(200, -1);
			exchange.close();
		});
		collector.start();
		String endpoint = "http://127.0.0.1:" + collector.getAddress().getPort() + "/v1/traces";
		try (ServiceProcesses json = ServiceProcesses.start(List.of("call-routing-service"), "json", prefix, "256m",
				Map.of("call-routing-service", Map.of("LOGGING_STRUCTURED_FORMAT_CONSOLE", "ecs",
						"MANAGEMENT_OPENTELEMETRY_TRACING_EXPORT_OTLP_ENDPOINT", endpoint)))) {
			String token = TestInfrastructure.get()
				.mintToken(Audience.ROUTING, "carrier-trace", Role.CARRIER, null, "trace-json-pool");
			String caller = PhoneFixtures.mobile();
			String body = SignedCalls.JSON.writeValueAsString(
					Map.of("callId", "trace-json-1", "caller", caller, "called", "not-a-number", "type", "VOICE"));
			String hot = TraceParent.create();
			// marked sampled: with export set, the MVC path's span of it goes to the
			// collector
			String mvc = sampled(TraceParent.create());
			HttpClient http = HttpClient.newHttpClient();
			for (String[] headers : List.of(new String[] { TraceParent.HEADER, hot },
					new String[] { TraceParent.HEADER, mvc, "Accept-Language", "en" })) {
				HttpResponse<String> answer = http
					.send(HttpRequest.newBuilder(URI.create(json.url("call-routing-service") + "/v1/call-routes"))
						.header("Authorization", "Bearer " + token)
						.header("Content-Type", "application/json")
						.headers(headers)
						.POST(HttpRequest.BodyPublishers.ofString(body))
						.build(), HttpResponse.BodyHandlers.ofString());
				assertThat(answer.statusCode()).isEqualTo(400);
				assertThat(SignedCalls.JSON.readTree(answer.body()).get("traceId").asString())
					.isEqualTo(TraceParent.traceId(headers[1]));
			}

			Path log = json.logFile("call-routing-service", 0);
			await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
				List<JsonNode> lines = new ArrayList<>();
				for (String line : Files.readAllLines(log)) {
					if (line.startsWith("{")) {
						lines.add(SignedCalls.JSON.readTree(line));
					}
				}
				assertThat(lines).as("JSON lines of call-routing-service's log").hasSizeGreaterThan(5);
				for (String traceId : List.of(TraceParent.traceId(hot), TraceParent.traceId(mvc))) {
					assertThat(lines).as("a JSON line with trace id " + traceId)
						.anySatisfy(line -> assertThat(line.path("traceId").asString("")).isEqualTo(traceId));
				}
			});
			String text = Files.readString(log);
			assertThat(text.lines().filter(line -> !line.isBlank())).as("every line of the log is a JSON document")
				.allSatisfy(line -> assertThat(line).startsWith("{"));
			for (String number : PhoneFixtures.issued()) {
				for (String form : PhoneFixtures.forms(number)) {
					assertThat(text).as("a fixture number in the JSON log").doesNotContain(form);
				}
			}

			// OTLP export on by its one setting: the sampled request's trace id (16 bytes
			// in
			// the protobuf) reaches the collector, and no fixture number does
			byte[] traceId = HexFormat.of().parseHex(TraceParent.traceId(mvc));
			await().atMost(Duration.ofSeconds(60))
				.pollInterval(Duration.ofMillis(500))
				.untilAsserted(() -> assertThat(exported).as("an OTLP export with the sampled trace id")
					.anySatisfy(export -> assertThat(indexOf(export, traceId)).isNotNegative()));
			for (byte[] export : exported) {
				String sent = new String(export, StandardCharsets.ISO_8859_1);
				for (String number : PhoneFixtures.issued()) {
					for (String form : PhoneFixtures.forms(number)) {
						assertThat(sent).as("a fixture number in an exported span").doesNotContain(form);
					}
				}
			}
		}
		finally {
			collector.stop(0);
		}
	}

	private static int indexOf(byte[] haystack, byte[] needle) {
		for (int i = 0; i + needle.length <= haystack.length; i++) {
			if (Arrays.equals(haystack, i, i + needle.length, needle, 0, needle.length)) {
				return i;
			}
		}
		return -1;
	}

	private static String traceId(SignedCalls.Response problem) {
		assertThat(problem.contentType()).startsWith("application/problem+json");
		return problem.text("traceId");
	}

	/** The same trace, marked sampled: a client that wants its trace kept. */
	private static String sampled(String traceparent) {
		return traceparent.substring(0, 53) + "01";
	}

	private static Map<String, Object> axb(String order, String a, String b) {
		return Map.of("orderId", order, "mode", "AXB", "partyA", a, "partyB", b, "ttlSeconds", 600);
	}

}
