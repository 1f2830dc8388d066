package io.numshield.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.InstanceOfAssertFactories.STRING;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/**
 * {@link OpenApiAnswers} against the repository's description, with answers written here:
 * what it lets through and what it finds, so that {@code OpenApiAnswersIT} passing means
 * the services answered as declared, not that the check saw nothing.
 */
class OpenApiAnswersTests {

	private static final OpenApiAnswers DESCRIPTION = OpenApiAnswers.load();

	private static final String BINDING = """
			{"bindingId":"01ABCDEFGHJKMNPQ","mode":"AXB","orderId":"ORD-1","virtualNumber":"700123456789012",
			 "partyA":"138****0001","partyB":"139****0002","direction":"BOTH","recording":false,
			 "createdAt":"2026-11-30T20:00:00Z","expiresAt":"2026-11-30T20:30:00.123456Z","status":"ACTIVE"}""";

	private static final String PROBLEM = """
			{"type":"https://numshield.io/problems/binding-not-found","title":"Binding not found","status":404,
			 "detail":"No such binding.","instance":"/v1/bindings/01ABCDEFGHJKMNPQ","code":"BINDING_NOT_FOUND",
			 "traceId":"4bf92f3577b34da6a3ce929d0e0e4736"}""";

	@Test
	void anAnswerAsDeclaredHasNoFindings() {
		assertThat(check("GET", "/v1/bindings/{bindingId}", 200, "application/json", BINDING)).isEmpty();
		assertThat(check("GET", "/v1/bindings/{bindingId}", 404, "application/problem+json", PROBLEM)).isEmpty();
		assertThat(check("DELETE", "/v1/bindings/{bindingId}", 204, null, "")).isEmpty();
	}

	@Test
	void aMissingRequiredFieldAWrongPatternOrAnUndeclaredFieldIsFound() {
		assertThat(check("GET", "/v1/bindings/{bindingId}", 200, "application/json",
				BINDING.replace("\"virtualNumber\":\"700123456789012\",", "")))
			.singleElement(STRING)
			.contains("virtualNumber");
		assertThat(check("GET", "/v1/bindings/{bindingId}", 200, "application/json",
				BINDING.replace("700123456789012", "13800000001")))
			.isNotEmpty();
		assertThat(check("GET", "/v1/bindings/{bindingId}", 200, "application/json",
				BINDING.replace("\"status\":\"ACTIVE\"", "\"status\":\"ACTIVE\",\"partyAFull\":\"+8613800000001\"")))
			.singleElement(STRING)
			.contains("partyAFull");
		assertThat(check("GET", "/v1/bindings/{bindingId}", 200, "application/json",
				BINDING.replace("2026-11-30T20:00:00Z", "yesterday")))
			.isNotEmpty();
	}

	@Test
	void anUndeclaredStatusOrMediaTypeOrABodyWhereNoneIsDeclaredIsFound() {
		assertThat(check("GET", "/v1/bindings/{bindingId}", 409, "application/problem+json",
				PROBLEM.replace("404", "409")))
			.singleElement(STRING)
			.contains("status not declared");
		assertThat(check("GET", "/v1/bindings/{bindingId}", 404, "text/html", "<h1>Not Found</h1>"))
			.singleElement(STRING)
			.contains("media type 'text/html' not declared");
		assertThat(check("DELETE", "/v1/bindings/{bindingId}", 204, "application/json", "{}")).isNotEmpty();
		assertThat(check("GET", "/v1/nothing", 200, "application/json", "{}")).singleElement()
			.asString()
			.contains("no such operation");
	}

	@Test
	void aProblemWithAnUnknownCodeOrAnotherStatusIsFound() {
		assertThat(check("GET", "/v1/bindings/{bindingId}", 404, "application/problem+json",
				PROBLEM.replace("BINDING_NOT_FOUND", "NO_SUCH_THING")))
			.isNotEmpty();
		assertThat(check("GET", "/v1/bindings/{bindingId}", 404, "application/problem+json",
				PROBLEM.replace("\"status\":404", "\"status\":400")))
			.anySatisfy(finding -> assertThat(finding).contains("the problem's status is 400"));
	}

	@Test
	void jsonLabelledWithACharsetOtherThanUtf8IsFound() {
		assertThat(check("GET", "/v1/bindings/{bindingId}", 200, "application/json;charset=UTF-8", BINDING)).isEmpty();
		assertThat(
				check("GET", "/v1/bindings/{bindingId}", 404, "application/problem+json;charset=ISO-8859-1", PROBLEM))
			.singleElement(STRING)
			.contains("charset=ISO-8859-1");
	}

	@Test
	void aDeclaredHeaderThatIsSentMustMatchItsSchema() {
		String limited = PROBLEM.replace("binding-not-found", "rate-limited")
			.replace("Binding not found", "Rate limited")
			.replace("404", "429")
			.replace("BINDING_NOT_FOUND", "RATE_LIMITED");
		assertThat(DESCRIPTION.check("GET", "/v1/bindings/{bindingId}", 429, "application/problem+json",
				Map.of("retry-after", "1"), limited))
			.isEmpty();
		assertThat(DESCRIPTION.check("GET", "/v1/bindings/{bindingId}", 429, "application/problem+json",
				Map.of("Retry-After", "soon"), limited))
			.singleElement(STRING)
			.contains("header Retry-After: soon");
		String trace = """
				{"virtualNumber":"700123456789012","at":"2026-11-30T20:00:00Z","holders":[]}""";
		assertThat(DESCRIPTION.check("GET", "/v1/audit/trace", 200, "application/json",
				Map.of("NumShield-Read-From", "replica", "NumShield-Staleness-Ms", "120"), trace))
			.isEmpty();
		assertThat(DESCRIPTION.check("GET", "/v1/audit/trace", 200, "application/json",
				Map.of("NumShield-Read-From", "cache", "NumShield-Staleness-Ms", "-1"), trace))
			.hasSize(2);
	}

	@Test
	void eachLineOfAJsonLinesAnswerIsALedgerEntry() {
		String entry = """
				{"seq":1,"eventId":"e1","type":"CALL_EVENT","occurredAt":"2026-11-30T20:00:00Z","recordedAt":"2026-11-30T20:00:01Z",\
				"details":{},"prevHash":"%s","hash":"%s"}"""
			.formatted("0".repeat(64), "a".repeat(64));
		String range = "/v1/audit/events";
		assertThat(check("GET", range, 200, "application/x-ndjson", entry + "\n" + entry + "\n")).isEmpty();
		assertThat(check("GET", range, 200, "application/x-ndjson", entry + "\n" + entry.replace("\"seq\":1,", "")))
			.hasSize(1);
	}

	private static List<String> check(String method, String path, int status, String contentType, String body) {
		return DESCRIPTION.check(method, path, status, contentType, body);
	}

}
