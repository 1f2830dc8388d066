package io.numshield.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.numshield.core.number.ManagementNumber;
import io.numshield.core.number.RealNumber;
import io.numshield.core.token.Role;
import io.numshield.testsupport.PhoneFixtures;
import io.numshield.testsupport.TestInfrastructure;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * The regulators' API end to end: leases made by the real lease scripts, ingested by the
 * service, then traced, searched, exported and verified over HTTP with internal tokens of
 * each role.
 */
class AuditQueriesIT extends AuditIntegrationTest {

	private static final HttpClient HTTP = HttpClient.newHttpClient();

	/** The whole ledger of this test run: it began less than a day ago. */
	private static final String VERIFY = "/v1/audit/verify?from=" + Instant.now().minus(Duration.ofDays(1)) + "&to="
			+ Instant.now().plus(Duration.ofDays(1));

	@LocalServerPort
	int port;

	@Autowired
	ObjectMapper json;

	AuditTestContext leases;

	@BeforeEach
	void setUp() {
		leases = leases();
	}

	@Test
	void traceNamesEveryHolderOfAnAxbNumberAtThatInstantAndRecordsTheAccess() throws Exception {
		ManagementNumber block = leases.newBlock();
		String a1 = PhoneFixtures.mobile(), b1 = PhoneFixtures.mobile(), a2 = PhoneFixtures.mobile(),
				b2 = PhoneFixtures.mobile();
		Instant before = Instant.now().minusSeconds(1);
		Map<String, Object> first = leases.lease(block, 7, a1, b1, Duration.ofMinutes(30));
		Map<String, Object> second = leases.lease(block, 7, a2, b2, Duration.ofMinutes(30));
		String x = (String) first.get("x");
		assertThat(second.get("x")).isEqualTo(x);
		Thread.sleep(20);
		Instant bothHeld = Instant.now();
		Thread.sleep(20);
		leases.release((String) first.get("id"));
		awaitLedger((String) first.get("id"), 2);
		awaitLedger((String) second.get("id"), 1);
		Instant afterRelease = Instant.now().plusMillis(5);

		JsonNode both = ok(get("/v1/audit/trace?virtualNumber=" + x + "&at=" + bothHeld + "&reason=" + enc("case 42"),
				Role.REGULATOR));
		assertThat(both.get("virtualNumber").asString()).isEqualTo(x);
		assertThat(both.get("holders")).hasSize(2);
		JsonNode h = holder(both, (String) first.get("id"));
		assertThat(h.get("platformId").asString()).isEqualTo(AuditTestContext.PLATFORM);
		assertThat(h.get("orderId").asString()).startsWith("ORD-");
		assertThat(h.get("mode").asString()).isEqualTo("AXB");
		assertThat(h.get("partyA").asString()).isEqualTo(RealNumber.parse(a1).e164());
		assertThat(h.get("partyB").asString()).isEqualTo(RealNumber.parse(b1).e164());
		assertThat(h.get("releaseReason").asString()).isEqualTo("DELETED");
		assertThat(h.get("releasedAt").isNull()).isFalse();
		assertThat(holder(both, (String) second.get("id")).get("releasedAt").isNull()).isTrue();

		JsonNode later = ok(
				get("/v1/audit/trace?virtualNumber=" + x + "&at=" + afterRelease + "&reason=" + enc("case 42"),
						Role.REGULATOR));
		assertThat(later.get("holders")).hasSize(1);
		assertThat(later.get("holders").get(0).get("bindingId").asString()).isEqualTo(second.get("id"));
		JsonNode earlier = ok(get("/v1/audit/trace?virtualNumber=" + x + "&at=" + before + "&reason=" + enc("case 42"),
				Role.REGULATOR));
		assertThat(earlier.get("holders")).isEmpty();

		// each look-up is an ACCESS entry with the principal and the reason, and no full
		// number
		List<Map<String, Object>> access = jdbc.queryForList(
				"SELECT virtual_number, details FROM ledger WHERE type = 'ACCESS' AND virtual_number = ? ORDER BY seq",
				x);
		assertThat(access).hasSize(3);
		JsonNode details = json.readTree((String) access.get(0).get("details"));
		assertThat(details.get("principal").asString()).isEqualTo("test-regulator");
		assertThat(details.get("reason").asString()).isEqualTo("case 42");
		assertThat(details.get("query").asString()).isEqualTo("trace");
		assertThat(details.get("holders").asInt()).isEqualTo(2);
		assertNoFullNumberInLedger(a1, b1, a2, b2);
	}

	@Test
	void traceFollowsAChangeOfPartyB() throws Exception {
		ManagementNumber block = leases.newBlock();
		String a = PhoneFixtures.mobile(), oldB = PhoneFixtures.mobile(), newB = PhoneFixtures.mobile();
		Map<String, Object> lease = leases.lease(block, 3, a, oldB, Duration.ofMinutes(30));
		Thread.sleep(20);
		Instant withOld = Instant.now();
		Thread.sleep(20);
		leases.changePartyB((String) lease.get("id"), a, newB);
		awaitLedger((String) lease.get("id"), 2);
		Instant withNew = Instant.now().plusMillis(5);
		String x = (String) lease.get("x");
		assertThat(ok(get("/v1/audit/trace?virtualNumber=" + x + "&at=" + withOld + "&reason=r", Role.REGULATOR))
			.get("holders")
			.get(0)
			.get("partyB")
			.asString()).isEqualTo(RealNumber.parse(oldB).e164());
		assertThat(ok(get("/v1/audit/trace?virtualNumber=" + x + "&at=" + withNew + "&reason=r", Role.REGULATOR))
			.get("holders")
			.get(0)
			.get("partyB")
			.asString()).isEqualTo(RealNumber.parse(newB).e164());
	}

	@Test
	void partySearchFindsTheBindingsOfANumberInThePeriodByItsBlindIndex() throws Exception {
		ManagementNumber block = leases.newBlock();
		String person = PhoneFixtures.mobile();
		Instant from = Instant.now().minusSeconds(1);
		Map<String, Object> asA = leases.lease(block, 1, person, PhoneFixtures.mobile(), Duration.ofMinutes(30));
		Map<String, Object> asB = leases.lease(block, 2, PhoneFixtures.mobile(), person, Duration.ofMinutes(30));
		leases.lease(block, 4, PhoneFixtures.mobile(), PhoneFixtures.mobile(), Duration.ofMinutes(30));
		awaitLedger((String) asB.get("id"), 1);
		Instant to = Instant.now().plusSeconds(1);

		String body = json.writeValueAsString(Map.of("party", RealNumber.parse(person).e164(), "from", from.toString(),
				"to", to.toString(), "reason", "fraud report 17"));
		JsonNode found = ok(post("/v1/audit/party-search", body, Role.REGULATOR));
		assertThat(found.get("party").asString()).isEqualTo(RealNumber.parse(person).e164());
		assertThat(found.get("holders")).extracting(n -> n.get("bindingId").asString())
			.containsExactlyInAnyOrder((String) asA.get("id"), (String) asB.get("id"));

		String missed = json.writeValueAsString(Map.of("party", person, "from", from.minusSeconds(120).toString(), "to",
				from.minusSeconds(60).toString(), "reason", "fraud report 17"));
		assertThat(ok(post("/v1/audit/party-search", missed, Role.REGULATOR)).get("holders")).isEmpty();

		Map<String, Object> access = jdbc.queryForMap(
				"SELECT party_a_index, details FROM ledger WHERE type = 'ACCESS' AND party_a_index = ? ORDER BY seq LIMIT 1",
				protector.blindIndex(RealNumber.parse(person)));
		assertThat(json.readTree((String) access.get("details")).get("query").asString()).isEqualTo("party-search");
		assertNoFullNumberInLedger(person);
	}

	@Test
	void exportsEventsInSeqOrderAsJsonLinesAndCsvWithPartiesMasked() throws Exception {
		ManagementNumber block = leases.newBlock();
		String a = PhoneFixtures.mobile();
		Instant from = Instant.now().minusSeconds(1);
		Map<String, Object> lease = leases.lease(block, 5, a, PhoneFixtures.mobile(), Duration.ofMinutes(30));
		leases.release((String) lease.get("id"));
		awaitLedger((String) lease.get("id"), 2);
		Instant to = Instant.now().plusSeconds(1);
		String range = "from=" + enc(from.toString()) + "&to=" + enc(to.toString()) + "&reason="
				+ enc("audit of order 9");

		HttpResponse<String> jsonl = get("/v1/audit/events?" + range + "&virtualNumber=" + lease.get("x"),
				Role.REGULATOR);
		assertThat(jsonl.statusCode()).isEqualTo(200);
		assertThat(jsonl.headers().firstValue("Content-Type"))
			.hasValueSatisfying(t -> assertThat(t).startsWith("application/x-ndjson"));
		List<JsonNode> lines = Arrays.stream(jsonl.body().split("\n")).map(json::readTree).toList();
		assertThat(lines).extracting(n -> n.get("type").asString())
			.containsExactly("BINDING_CREATED", "BINDING_RELEASED");
		assertThat(lines.get(0).get("partyA").asString()).isEqualTo(RealNumber.parse(a).masked());
		assertThat(lines.get(0).get("seq").asLong()).isLessThan(lines.get(1).get("seq").asLong());
		assertThat(lines.get(1).get("details").get("reason").asString()).isEqualTo("DELETED");
		for (String form : PhoneFixtures.forms(a)) {
			assertThat(jsonl.body()).doesNotContain(form);
		}

		HttpResponse<String> csv = get("/v1/audit/events?" + range + "&format=csv&type=BINDING_RELEASED",
				Role.REGULATOR);
		assertThat(csv.statusCode()).isEqualTo(200);
		String[] rows = csv.body().split("\r\n");
		assertThat(rows[0])
			.isEqualTo("seq,eventId,type,occurredAt,recordedAt,platformId,bindingId,orderId,virtualNumber,"
					+ "partyA,partyB,partyAIndex,partyBIndex,parties,details,prevHash,hash,hashVersion");
		assertThat(Arrays.stream(rows).skip(1)).allSatisfy(r -> assertThat(r).contains(",BINDING_RELEASED,"));
		assertThat(Arrays.stream(rows).skip(1).filter(r -> r.contains("released:" + lease.get("id")))).hasSize(1);

		long inRange = jdbc.queryForObject("SELECT count(*) FROM ledger WHERE occurred_at >= ? AND occurred_at < ?",
				Long.class, java.sql.Timestamp.from(from), java.sql.Timestamp.from(to));
		assertThat(get("/v1/audit/events?" + range, Role.REGULATOR).body().split("\n")).hasSize((int) inRange);
	}

	@Test
	void anExportIsRecordedAsAnAccessEntryWithItsQuestionAndRowCount() throws Exception {
		ManagementNumber block = leases.newBlock();
		Map<String, Object> lease = leases.lease(block, 8, PhoneFixtures.mobile(), PhoneFixtures.mobile(),
				Duration.ofMinutes(30));
		leases.release((String) lease.get("id"));
		awaitLedger((String) lease.get("id"), 2);
		String quoted = PhoneFixtures.mobile();
		String reason = "complaint by " + quoted.substring(0, 3) + " " + quoted.substring(3, 7) + " "
				+ quoted.substring(7);
		Instant from = Instant.now().minusSeconds(60);
		Instant to = Instant.now().plusSeconds(1);
		HttpResponse<String> csv = get("/v1/audit/events?from=" + enc(from.toString()) + "&to=" + enc(to.toString())
				+ "&virtualNumber=" + lease.get("x") + "&format=csv&reason=" + enc(reason), Role.REGULATOR);
		assertThat(csv.statusCode()).isEqualTo(200);

		Map<String, Object> access = jdbc
			.queryForMap("SELECT virtual_number, details FROM ledger WHERE type = 'ACCESS' "
					+ "AND details LIKE '%\"query\":\"events\"%' ORDER BY seq DESC LIMIT 1");
		assertThat(access.get("virtual_number")).isEqualTo(lease.get("x"));
		JsonNode details = json.readTree((String) access.get("details"));
		assertThat(details.get("principal").asString()).isEqualTo("test-regulator");
		assertThat(details.get("role").asString()).isEqualTo("REGULATOR");
		assertThat(details.get("reason").asString()).isEqualTo("complaint by " + RealNumber.parse(quoted).masked());
		assertThat(details.get("from").asString()).isEqualTo(from.toString());
		assertThat(details.get("to").asString()).isEqualTo(to.toString());
		assertThat(details.get("virtualNumber").asString()).isEqualTo(lease.get("x"));
		assertThat(details.get("format").asString()).isEqualTo("csv");
		assertThat(details.get("rows").asLong()).isEqualTo(csv.body().split("\r\n").length - 1).isEqualTo(2);
	}

	@Test
	void verifyNamesTheFirstChangedOrMissingEntry() throws Exception {
		ManagementNumber block = leases.newBlock();
		Map<String, Object> lease = leases.lease(block, 6, PhoneFixtures.mobile(), PhoneFixtures.mobile(),
				Duration.ofMinutes(30));
		leases.release((String) lease.get("id"));
		awaitLedger((String) lease.get("id"), 2);
		JsonNode clean = ok(get(VERIFY, Role.OPERATOR));
		assertThat(clean.get("verified").asBoolean()).isTrue();
		assertThat(clean.get("entries").asLong())
			.isEqualTo(jdbc.queryForObject("SELECT count(*) FROM ledger", Long.class));
		assertThat(clean.get("head").asString())
			.isEqualTo(jdbc.queryForObject("SELECT hash FROM ledger ORDER BY seq DESC LIMIT 1", String.class));

		long seq = jdbc.queryForObject("SELECT seq FROM ledger WHERE event_id = ?", Long.class,
				"created:" + lease.get("id"));
		String original = jdbc.queryForObject("SELECT order_id FROM ledger WHERE seq = ?", String.class, seq);
		behindTheServicesBack("UPDATE ledger SET order_id = 'ORD-FORGED' WHERE seq = " + seq);
		try {
			JsonNode tampered = ok(get(VERIFY, Role.REGULATOR));
			assertThat(tampered.get("verified").asBoolean()).isFalse();
			assertThat(tampered.get("firstBadSeq").asLong()).isEqualTo(seq);
		}
		finally {
			behindTheServicesBack("UPDATE ledger SET order_id = '" + original + "' WHERE seq = " + seq);
		}
		assertThat(ok(get(VERIFY, Role.REGULATOR)).get("verified").asBoolean()).isTrue();

		behindTheServicesBack("CREATE TABLE ledger_removed AS SELECT * FROM ledger WHERE seq = " + seq,
				"DELETE FROM ledger WHERE seq = " + seq);
		try {
			JsonNode removed = ok(get(VERIFY, Role.REGULATOR));
			assertThat(removed.get("verified").asBoolean()).isFalse();
			assertThat(removed.get("firstBadSeq").asLong()).isEqualTo(seq);
		}
		finally {
			behindTheServicesBack("INSERT INTO ledger SELECT * FROM ledger_removed", "DROP TABLE ledger_removed");
		}
		assertThat(ok(get(VERIFY, Role.REGULATOR)).get("verified").asBoolean()).isTrue();
	}

	@Test
	void verifyReportsAHoldingChangedBehindTheServicesBack() throws Exception {
		ManagementNumber block = leases.newBlock();
		Map<String, Object> lease = leases.lease(block, 9, PhoneFixtures.mobile(), PhoneFixtures.mobile(),
				Duration.ofMinutes(30));
		String id = (String) lease.get("id");
		awaitLedger(id, 1);
		JsonNode clean = ok(get(VERIFY, Role.REGULATOR));
		assertThat(clean.get("verified").asBoolean()).as(clean.toString()).isTrue();
		assertThat(clean.get("holdings").get("bindings").asInt()).isPositive();
		assertThat(clean.get("holdings").get("differing")).isEmpty();

		// the service's own role may UPDATE holding: someone with its credentials moves
		// the lease to another order
		String order = jdbc.queryForObject("SELECT order_id FROM holding WHERE binding_id = ?", String.class, id);
		behindTheServicesBack("UPDATE holding SET order_id = 'ORD-FORGED' WHERE binding_id = '" + id + "'");
		try {
			JsonNode tampered = ok(get(VERIFY, Role.REGULATOR));
			assertThat(tampered.get("verified").asBoolean()).isFalse();
			assertThat(tampered.get("problem").asString()).contains("holding");
			assertThat(tampered.get("holdings").get("differing")).extracting(JsonNode::asString).containsExactly(id);
		}
		finally {
			behindTheServicesBack("UPDATE holding SET order_id = '" + order + "' WHERE binding_id = '" + id + "'");
		}
		// a forged holding row, for a binding the ledger never saw
		behindTheServicesBack(
				"INSERT INTO holding SELECT 'forged' || binding_id, valid_from, valid_to, leased_at, expires_at, "
						+ "released_at, release_reason, virtual_number, platform_id, order_id, mode, pool_id, direction, recording, "
						+ "party_a_index, party_b_index, parties FROM holding WHERE binding_id = '" + id + "'");
		try {
			JsonNode forged = ok(get(VERIFY, Role.REGULATOR));
			assertThat(forged.get("verified").asBoolean()).isFalse();
			assertThat(forged.get("holdings").get("differing")).extracting(JsonNode::asString)
				.containsExactly("forged" + id);
		}
		finally {
			behindTheServicesBack("DELETE FROM holding WHERE binding_id = 'forged" + id + "'");
		}
		assertThat(ok(get(VERIFY, Role.REGULATOR)).get("verified").asBoolean()).isTrue();
	}

	@Test
	void onlyRegulatorsAskAndOperatorsMayOnlyVerify() throws Exception {
		String trace = "/v1/audit/trace?virtualNumber=700100000000001&at=2026-11-29T10:00:00Z&reason=r";
		String events = "/v1/audit/events?from=2026-11-29T00:00:00Z&to=2026-11-30T00:00:00Z";
		for (Role role : List.of(Role.PLATFORM, Role.CARRIER, Role.OPERATOR)) {
			assertProblem(get(trace, role), 403, "FORBIDDEN");
			assertProblem(get(events, role), 403, "FORBIDDEN");
			assertProblem(post("/v1/audit/party-search", "{}", role), 403, "FORBIDDEN");
		}
		String checkpoints = "/v1/audit/checkpoints?from=2026-11-29T00:00:00Z&to=2026-11-30T00:00:00Z";
		for (Role role : List.of(Role.PLATFORM, Role.CARRIER)) {
			assertProblem(get(VERIFY, role), 403, "FORBIDDEN");
			assertProblem(get(checkpoints, role), 403, "FORBIDDEN");
			assertProblem(get("/v1/audit/checkpoints/key", role), 403, "FORBIDDEN");
		}
		for (Role role : List.of(Role.OPERATOR, Role.REGULATOR)) {
			assertThat(get(VERIFY, role).statusCode()).isEqualTo(200);
			assertThat(get(checkpoints, role).statusCode()).isEqualTo(200);
			assertThat(get("/v1/audit/checkpoints/key", role).statusCode()).isEqualTo(200);
		}
		assertProblem(HTTP.send(HttpRequest.newBuilder(uri(trace)).build(), HttpResponse.BodyHandlers.ofString()), 401,
				"UNAUTHENTICATED");
		// a regulator's token made by anyone but the gateway, or for another service,
		// opens nothing
		io.numshield.testsupport.ForgedTokens
			.against(io.numshield.core.token.Audience.AUDIT,
					io.numshield.core.token.TokenClaims.of("rk_forged", Role.REGULATOR))
			.forEach((how, token) -> {
				try {
					assertThat(HTTP
						.send(HttpRequest.newBuilder(uri(trace)).header("Authorization", "Bearer " + token).build(),
								HttpResponse.BodyHandlers.ofString())
						.statusCode()).as(how).isEqualTo(401);
				}
				catch (Exception ex) {
					throw new IllegalStateException(ex);
				}
			});
	}

	@Test
	void badQuestionsAreRefusedWithTheContractsCodesAndRecordNothing() throws Exception {
		long accessBefore = jdbc.queryForObject("SELECT count(*) FROM ledger WHERE type = 'ACCESS'", Long.class);
		assertProblem(get("/v1/audit/trace?virtualNumber=12345&at=2026-11-29T10:00:00Z&reason=r", Role.REGULATOR), 400,
				"INVALID_VIRTUAL_NUMBER");
		assertProblem(get("/v1/audit/trace?virtualNumber=700100000000001&at=yesterday&reason=r", Role.REGULATOR), 400,
				"VALIDATION_FAILED");
		assertProblem(
				get("/v1/audit/trace?virtualNumber=700100000000001&at=2026-11-29T10:00:00Z&reason=%20", Role.REGULATOR),
				400, "VALIDATION_FAILED");
		assertProblem(get("/v1/audit/trace?virtualNumber=700100000000001&at=2026-11-29T10:00:00Z", Role.REGULATOR), 400,
				"VALIDATION_FAILED");
		assertProblem(
				post("/v1/audit/party-search", json.writeValueAsString(Map.of("party", "12", "from",
						"2026-11-29T00:00:00Z", "to", "2026-11-30T00:00:00Z", "reason", "r")), Role.REGULATOR),
				400, "INVALID_PHONE_NUMBER");
		assertProblem(
				post("/v1/audit/party-search",
						json.writeValueAsString(Map.of("party", PhoneFixtures.mobile(), "from", "2026-11-30T00:00:00Z",
								"to", "2026-11-29T00:00:00Z", "reason", "r")),
						Role.REGULATOR),
				400, "VALIDATION_FAILED");
		assertProblem(
				post("/v1/audit/party-search", json.writeValueAsString(Map.of("party", PhoneFixtures.mobile(), "from",
						"2026-11-29T00:00:00Z", "to", "2026-11-30T00:00:00Z")), Role.REGULATOR),
				400, "VALIDATION_FAILED");
		assertProblem(get("/v1/audit/events?from=2026-11-29T00:00:00Z&to=2026-11-30T00:00:00Z&format=xml&reason=r",
				Role.REGULATOR), 400, "VALIDATION_FAILED");
		assertProblem(get("/v1/audit/events?from=2026-11-29T00:00:00Z&to=2026-11-30T00:00:00Z&type=NOPE&reason=r",
				Role.REGULATOR), 400, "VALIDATION_FAILED");
		assertProblem(get("/v1/audit/events?from=2026-11-29T00:00:00Z&to=2026-11-30T00:00:00Z", Role.REGULATOR), 400,
				"VALIDATION_FAILED");
		assertProblem(get("/v1/audit/events?from=2026-11-29T00:00:00Z", Role.REGULATOR), 400, "VALIDATION_FAILED");
		assertProblem(get("/v1/audit/verify?from=2026-11-30T00:00:00Z&to=2026-11-29T00:00:00Z", Role.REGULATOR), 400,
				"VALIDATION_FAILED");
		assertThat(jdbc.queryForObject("SELECT count(*) FROM ledger WHERE type = 'ACCESS'", Long.class))
			.isEqualTo(accessBefore);
	}

	@Test
	void aReasonThatQuotesANumberIsStoredMasked() throws Exception {
		String quoted = PhoneFixtures.mobile();
		ok(get("/v1/audit/trace?virtualNumber=700100000000002&at=2026-11-29T10:00:00Z&reason="
				+ enc("complaint by " + quoted), Role.REGULATOR));
		String reason = json
			.readTree(jdbc.queryForObject("SELECT details FROM ledger WHERE type = 'ACCESS' AND "
					+ "virtual_number = '700100000000002' ORDER BY seq DESC LIMIT 1", String.class))
			.get("reason")
			.asString();
		assertThat(reason).isEqualTo("complaint by " + RealNumber.parse(quoted).masked());
	}

	private void assertNoFullNumberInLedger(String... numbers) {
		String dump = String.join("\n", jdbc.queryForList("SELECT l::text FROM ledger l", String.class))
				+ String.join("\n", jdbc.queryForList("SELECT h::text FROM holding h", String.class));
		for (String number : numbers) {
			for (String form : PhoneFixtures.forms(number)) {
				assertThat(dump).doesNotContain(form);
			}
		}
	}

	private void behindTheServicesBack(String... statements) throws Exception {
		try (Connection owner = TestInfrastructure.get().connect(); Statement sql = owner.createStatement()) {
			sql.execute("SET session_replication_role = replica");
			for (String statement : statements) {
				sql.execute(statement);
			}
		}
	}

	private void awaitLedger(String bindingId, int entries) {
		await().atMost(Duration.ofSeconds(15))
			.until(() -> jdbc.queryForObject("SELECT count(*) FROM ledger WHERE binding_id = ?", Long.class,
					bindingId) >= entries);
	}

	private static JsonNode holder(JsonNode answer, String bindingId) {
		for (JsonNode h : answer.get("holders")) {
			if (h.get("bindingId").asString().equals(bindingId)) {
				return h;
			}
		}
		throw new AssertionError("no holder " + bindingId + " in " + answer);
	}

	private JsonNode ok(HttpResponse<String> response) {
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		return json.readTree(response.body());
	}

	private void assertProblem(HttpResponse<String> response, int status, String code) {
		assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
		assertThat(response.headers().firstValue("Content-Type"))
			.hasValueSatisfying(t -> assertThat(t).startsWith("application/problem+json"));
		assertThat(json.readTree(response.body()).get("code").asString()).isEqualTo(code);
	}

	private HttpResponse<String> get(String path, Role role) throws Exception {
		return new AuditHttp(port).get(path, role);
	}

	private HttpResponse<String> post(String path, String body, Role role) throws Exception {
		return new AuditHttp(port).post(path, body, role);
	}

	private URI uri(String path) {
		return new AuditHttp(port).uri(path);
	}

	private static String enc(String text) {
		return AuditHttp.enc(text);
	}

}
