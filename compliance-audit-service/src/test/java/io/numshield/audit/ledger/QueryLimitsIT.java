package io.numshield.audit.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.numshield.audit.AuditIntegrationTest;
import io.numshield.audit.AuditTestContext;
import io.numshield.core.token.Role;
import io.numshield.testsupport.TestInfrastructure;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * verify and events are bounded (span, entries), run on the regulators' own pool, and at
 * most {@code max-concurrent} at once: with the ledger locked, two verifications wait
 * inside, and a third, sent at the same time, is 503 AUDIT_BUSY with Retry-After.
 */
class QueryLimitsIT extends AuditIntegrationTest {

	private static final HttpClient HTTP = HttpClient.newHttpClient();

	@LocalServerPort
	int port;

	@Autowired
	QueryLimiter limiter;

	@Autowired
	QueryPool pool;

	@Autowired
	Holdings holdings;

	@Autowired
	Ledger ledger;

	@Autowired
	ObjectMapper json;

	@Test
	void refusesUnboundedAndTooLongRangesNamingTheLimit() throws Exception {
		String day = "from=2026-11-01T00:00:00Z&to=2026-11-02T00:00:00Z";
		String tooLong = "from=2026-01-01T00:00:00Z&to=2026-03-01T00:00:00Z";
		assertProblem(get("/v1/audit/verify", Role.REGULATOR), 400, "VALIDATION_FAILED", "max-span");
		assertProblem(get("/v1/audit/verify?from=2026-11-01T00:00:00Z", Role.REGULATOR), 400, "VALIDATION_FAILED",
				"max-span");
		assertProblem(get("/v1/audit/verify?" + tooLong, Role.REGULATOR), 400, "VALIDATION_FAILED", "max-span");
		assertProblem(get("/v1/audit/events?" + tooLong + "&reason=r", Role.REGULATOR), 400, "VALIDATION_FAILED",
				"max-span");
		assertProblem(get("/v1/audit/checkpoints", Role.REGULATOR), 400, "VALIDATION_FAILED", "max-span");
		assertProblem(get("/v1/audit/checkpoints?" + tooLong, Role.REGULATOR), 400, "VALIDATION_FAILED", "max-span");
		assertThat(get("/v1/audit/verify?" + day, Role.REGULATOR).statusCode()).isEqualTo(200);
	}

	@Test
	void refusesARangeWithMoreEntriesThanAllowed() {
		ledger.append(List.of(entry(), entry()));
		ChainVerifier strict = new ChainVerifier(pool, holdings,
				new QueryProperties(1, 1, Duration.ofDays(31), 1, Duration.ofSeconds(5)));
		assertThatThrownBy(() -> strict.verify(Instant.now().minus(Duration.ofDays(1)), Instant.now().plusSeconds(60)))
			.isInstanceOf(ChainVerifier.TooManyEntries.class)
			.hasMessageContaining("numshield.audit.query.max-rows");
	}

	@Test
	void runsAtMostMaxConcurrentQuestionsAndTellsTheNextToRetry() throws Exception {
		String verify = "/v1/audit/verify?from=" + Instant.now().minus(Duration.ofDays(1)) + "&to="
				+ Instant.now().plusSeconds(60);
		List<CompletableFuture<HttpResponse<String>>> waiting;
		try (Connection owner = TestInfrastructure.get().connect(); Statement sql = owner.createStatement()) {
			owner.setAutoCommit(false);
			// the two questions in flight wait for the ledger; they hold their slots
			// meanwhile
			sql.execute("LOCK TABLE ledger IN ACCESS EXCLUSIVE MODE");
			waiting = List.of(send(verify), send(verify));
			await().atMost(Duration.ofSeconds(30)).until(() -> limiter.running() == 2);

			HttpResponse<String> third = get(verify, Role.REGULATOR);
			assertProblem(third, 503, "AUDIT_BUSY", "max-concurrent");
			assertThat(third.headers().firstValue("Retry-After")).hasValue("5");
			HttpResponse<String> export = get(
					"/v1/audit/events?from=2026-11-01T00:00:00Z&to=2026-11-02T00:00:00Z&reason=r", Role.REGULATOR);
			assertProblem(export, 503, "AUDIT_BUSY", "max-concurrent");
			owner.rollback();
		}
		for (CompletableFuture<HttpResponse<String>> answer : waiting) {
			assertThat(answer.get().statusCode()).as(answer.get().body()).isEqualTo(200);
		}
		assertThat(limiter.running()).isZero();
		assertThat(get(verify, Role.REGULATOR).statusCode()).isEqualTo(200);
	}

	private CompletableFuture<HttpResponse<String>> send(String path) {
		return HTTP.sendAsync(request(path, Role.REGULATOR), HttpResponse.BodyHandlers.ofString());
	}

	private void assertProblem(HttpResponse<String> response, int status, String code, String detail) {
		assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
		JsonNode problem = json.readTree(response.body());
		assertThat(problem.get("code").asString()).isEqualTo(code);
		assertThat(problem.get("detail").asString()).contains(detail);
	}

	private HttpResponse<String> get(String path, Role role) throws Exception {
		return HTTP.send(request(path, role), HttpResponse.BodyHandlers.ofString());
	}

	private HttpRequest request(String path, Role role) {
		return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
			.header("Authorization", "Bearer " + AuditTestContext.token(role))
			.build();
	}

	private static LedgerEntry entry() {
		return new LedgerEntry("test:" + UUID.randomUUID(), "ACCESS", Instant.now(), null, null, null, null, null, null,
				null, null, null, "{}");
	}

}
