package io.numshield.support.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.numshield.support.trace.RequestTrace;
import io.numshield.support.trace.TraceParent;

import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.mock.web.MockHttpServletResponse;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The problem documents written outside MVC are JSON whatever the detail holds: a Bean
 * Validation message quotes its pattern, and the routing hot path writes such details
 * with {@link Problems#json}.
 */
class ProblemsTests {

	@Test
	void escapesWhatTheDetailQuotes() {
		String detail = "callId must match \"[A-Za-z0-9._:@-]{1,128}\"; a \\ and a \u0001";
		JsonNode problem = JsonMapper.builder()
			.build()
			.readTree(Problems.json(HttpStatus.BAD_REQUEST, "VALIDATION_FAILED", detail, "/v1/call-routes"));
		assertThat(problem.get("detail").asString()).isEqualTo(detail);
		assertThat(problem.get("code").asString()).isEqualTo("VALIDATION_FAILED");
		assertThat(problem.get("type").asString()).isEqualTo("https://numshield.io/problems/validation-failed");
		assertThat(problem.get("status").asInt()).isEqualTo(400);
	}

	@Test
	void leavesFixedStringsAsTheyWere() {
		assertThat(Problems.json(401, "UNAUTHENTICATED", "a valid internal token is required", "/x",
				"4bf92f3577b34da6a3ce929d0e0e4736"))
			.isEqualTo("{\"type\":\"https://numshield.io/problems/unauthenticated\",\"title\":\"Unauthenticated\","
					+ "\"status\":401,\"detail\":\"a valid internal token is required\",\"instance\":\"/x\","
					+ "\"code\":\"UNAUTHENTICATED\",\"traceId\":\"4bf92f3577b34da6a3ce929d0e0e4736\"}");
	}

	/**
	 * On a thread where Micrometer Tracing opened a trace, the document carries its id;
	 * where none is open, a new one, so that every document has one.
	 */
	@Test
	void carriesTheTraceIdOfThisThreadsRequestOrANewOne() {
		String open = "0af7651916cd43dd8448eb211c80319c";
		RequestTrace.logging(open, () -> {
			assertThat(Problems.of(HttpStatus.BAD_REQUEST, "VALIDATION_FAILED", "refused", "/x").getProperties())
				.containsEntry("traceId", open);
			assertThat(Problems.json(400, "VALIDATION_FAILED", "refused", "/x"))
				.contains("\"traceId\":\"" + open + "\"");
		});
		String fresh = JsonMapper.builder()
			.build()
			.readTree(Problems.json(400, "VALIDATION_FAILED", "refused", "/x"))
			.get("traceId")
			.asString();
		assertThat(TraceParent.validTraceId(fresh)).isTrue();
		assertThat(fresh).isNotEqualTo(open);
	}

	/**
	 * The gateway's edge writes through the same writer: a 503 for a store away carries
	 * Retry-After.
	 */
	@Test
	void writesTheStoreUnavailableAnswerWithRetryAfter() throws Exception {
		MockHttpServletResponse response = new MockHttpServletResponse();
		Problems.writeStoreUnavailable(response, "/v1/call-routes", "0af7651916cd43dd8448eb211c80319c");
		assertThat(response.getStatus()).isEqualTo(503);
		assertThat(response.getHeader("Retry-After")).isEqualTo("1");
		assertThat(response.getContentType()).startsWith("application/problem+json");
		JsonNode problem = JsonMapper.builder().build().readTree(response.getContentAsString());
		assertThat(problem.get("code").asString()).isEqualTo("STORE_UNAVAILABLE");
		assertThat(problem.get("instance").asString()).isEqualTo("/v1/call-routes");
		assertThat(problem.get("traceId").asString()).isEqualTo("0af7651916cd43dd8448eb211c80319c");
	}

	@Test
	void writesNoInstanceAsAnEmptyOne() {
		assertThat(Problems.json(400, "VALIDATION_FAILED", "refused", null)).contains("\"instance\":\"\"");
	}

}
