package io.numshield.audit.cases;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.numshield.audit.AuditHttp;
import io.numshield.audit.AuditIntegrationTest;
import io.numshield.audit.AuditTestContext;
import io.numshield.audit.ledger.Ledger;
import io.numshield.audit.ledger.LedgerEntry;
import io.numshield.core.number.ManagementNumber;
import io.numshield.core.number.RealNumber;
import io.numshield.core.number.VirtualNumber;
import io.numshield.core.redis.RouteCall;
import io.numshield.core.token.Audience;
import io.numshield.core.token.Role;
import io.numshield.testsupport.PhoneFixtures;
import io.numshield.testsupport.TestInfrastructure;

import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Case files (issue 16, ADR 0030) on leases made by the real scripts: a case opened from
 * a trace, a party or a signal row collects the bindings, their calls, their ledger
 * entries, platforms and orders, as references only; only its opener reads it with full
 * numbers (another regulator: 404), each reading an ACCESS entry; actions carrying its
 * caseId are listed; its export verifies offline with {@code scripts/verify-export.py}
 * and the published key alone, and a tampered bundle does not; bad input and other roles
 * are refused and store nothing.
 */
class CasesIT extends AuditIntegrationTest {

	private static final Path SCRIPT = Path.of("..", "scripts", "verify-export.py");

	@LocalServerPort
	int port;

	@Autowired
	ObjectMapper json;

	@Autowired
	Ledger ledger;

	@TempDir
	Path dir;

	@Test
	void aCaseFromATraceCollectsTheBindingAndRevealsItToItsOpenerOnly() throws Exception {
		String a = PhoneFixtures.mobile();
		String b = PhoneFixtures.mobile();
		String quoted = PhoneFixtures.mobile();
		Map<String, Object> lease = leaseAndRecord(a, b);
		String bindingId = (String) lease.get("id");
		String x = (String) lease.get("x");
		String callId = callAndRecord(x, a);

		HttpResponse<String> opened = http().post("/v1/audit/cases",
				body("reason", "complaint from " + quoted, "virtualNumber", x, "at", Instant.now().toString()),
				Role.REGULATOR);
		assertThat(opened.statusCode()).as(opened.body()).isEqualTo(201);
		JsonNode summary = json.readTree(opened.body());
		String caseId = summary.get("caseId").asString();
		assertThat(caseId).matches("case-[0-9a-f]{24}");
		assertThat(opened.headers().firstValue("Location")).contains("/v1/audit/cases/" + caseId);
		assertThat(strings(summary.get("bindingIds"))).containsExactly(bindingId);
		assertThat(strings(summary.get("callIds"))).containsExactly(callId);
		assertThat(strings(summary.get("platformIds"))).containsExactly(AuditTestContext.PLATFORM);
		assertThat(strings(summary.get("orderIds"))).containsExactly("ORD-" + bindingId.substring(2));
		assertThat(summary.get("ledgerSeqs")).isNotEmpty();
		assertThat(summary.get("source").get("type").asString()).isEqualTo("TRACE");
		// the opening is a CASE_OPENED entry; neither it nor the stored case holds a
		// number in plaintext (the reason's quoted number is masked)
		String entry = jdbc.queryForObject(
				"SELECT details FROM ledger WHERE type = 'CASE_OPENED' AND (details::jsonb ->> 'caseId') = ?",
				String.class, caseId);
		assertThat(entry).contains(RealNumber.parse(quoted).masked()).contains(bindingId);
		String row = jdbc.queryForObject("SELECT row_to_json(c)::text FROM audit_case c WHERE case_id = ?",
				String.class, caseId);
		for (String number : List.of(a, b, quoted)) {
			for (String form : PhoneFixtures.forms(number)) {
				assertThat(opened.body()).doesNotContain(form);
				assertThat(entry).doesNotContain(form);
				assertThat(row).doesNotContain(form);
			}
		}

		long accessBefore = accessEntries(caseId);
		HttpResponse<String> read = http().get("/v1/audit/cases/" + caseId, Role.REGULATOR);
		assertThat(read.statusCode()).as(read.body()).isEqualTo(200);
		JsonNode file = json.readTree(read.body());
		assertThat(file.get("bindings")).hasSize(1);
		assertThat(file.get("bindings").get(0).get("partyA").asString()).isEqualTo(RealNumber.parse(a).e164());
		assertThat(file.get("bindings").get(0).get("partyB").asString()).isEqualTo(RealNumber.parse(b).e164());
		assertThat(file.get("calls").get(0).get("callId").asString()).isEqualTo(callId);
		assertThat(file.get("calls").get(0).get("action").asString()).isEqualTo("CONNECT");
		assertThat(file.get("openedBy").asString()).isEqualTo("test-regulator");
		assertThat(file.get("reason").asString()).doesNotContain(quoted);
		assertThat(file.get("actions")).isEmpty();
		assertThat(accessEntries(caseId)).as("the reveal is recorded").isEqualTo(accessBefore + 1);

		// another regulator is told there is no such case, and nothing is revealed or
		// recorded
		HttpResponse<String> other = asOtherRegulator("/v1/audit/cases/" + caseId);
		assertThat(other.statusCode()).isEqualTo(404);
		assertThat(json.readTree(other.body()).get("code").asString()).isEqualTo("CASE_NOT_FOUND");
		assertThat(other.body()).doesNotContain(RealNumber.parse(a).e164());
		assertThat(accessEntries(caseId)).isEqualTo(accessBefore + 1);
		for (Role role : List.of(Role.OPERATOR, Role.PLATFORM, Role.CARRIER)) {
			assertThat(http().get("/v1/audit/cases/" + caseId, role).statusCode()).as(role.name()).isEqualTo(403);
			assertThat(http().get("/v1/audit/cases/" + caseId + "/export", role).statusCode()).isEqualTo(403);
		}
		assertThat(http().get("/v1/audit/cases/case-NOT-AN-ID", Role.REGULATOR).statusCode()).isEqualTo(400);
		assertThat(http().get("/v1/audit/cases/case-" + "0".repeat(24), Role.REGULATOR).statusCode()).isEqualTo(404);
	}

	@Test
	void aCaseFromASignalOrAPartyCollectsEveryBindingOfThePerson() throws Exception {
		String a = PhoneFixtures.mobile();
		Instant from = Instant.now().minusSeconds(60);
		Map<String, Object> first = leaseAndRecord(a, PhoneFixtures.mobile());
		Map<String, Object> second = leaseAndRecord(a, null);
		String callId = callAndRecord((String) first.get("x"), a);
		Instant to = Instant.now().plusSeconds(60);
		String index = protector.blindIndex(RealNumber.parse(a));

		String signalId = "sig-" + UUID.randomUUID().toString().substring(0, 12);
		jdbc.update("INSERT INTO signal (signal_id, kind, raised_at, window_from, window_to, subject_type, subject, "
				+ "subject_masked, observed, threshold, explanation, evidence) VALUES (?, 'PARTY_BURST', now(), ?, ?, "
				+ "'PARTY', ?, ?, 2, 1, 'fixture', ?::jsonb)", signalId, Timestamp.from(from), Timestamp.from(to),
				index, RealNumber.parse(a).masked(), "{\"callIds\":[\"" + callId + "\"]}");
		JsonNode bySignal = created(
				http().post("/v1/audit/cases", body("reason", "signal check", "signalId", signalId), Role.REGULATOR));
		assertThat(strings(bySignal.get("bindingIds"))).containsExactlyInAnyOrder((String) first.get("id"),
				(String) second.get("id"));
		assertThat(strings(bySignal.get("callIds"))).containsExactly(callId);
		assertThat(bySignal.get("source").get("signalId").asString()).isEqualTo(signalId);

		JsonNode byParty = created(http().post("/v1/audit/cases",
				body("reason", "party check", "phone", a, "from", from.toString(), "to", to.toString()),
				Role.REGULATOR));
		assertThat(strings(byParty.get("bindingIds"))).containsExactlyInAnyOrder((String) first.get("id"),
				(String) second.get("id"));
		assertThat(byParty.get("source").get("party").asString()).isEqualTo(RealNumber.parse(a).masked());
		JsonNode file = json
			.readTree(http().get("/v1/audit/cases/" + byParty.get("caseId").asString(), Role.REGULATOR).body());
		assertThat(file.get("bindings")).extracting(h -> h.get("partyA").asString())
			.containsOnly(RealNumber.parse(a).e164());

		// an unknown signal: 404, nothing stored
		long cases = count("SELECT count(*) FROM audit_case");
		long opened = count("SELECT count(*) FROM ledger WHERE type = 'CASE_OPENED'");
		HttpResponse<String> unknown = http().post("/v1/audit/cases", body("reason", "x", "signalId", "sig-unknown"),
				Role.REGULATOR);
		assertThat(unknown.statusCode()).isEqualTo(404);
		assertThat(json.readTree(unknown.body()).get("code").asString()).isEqualTo("SIGNAL_NOT_FOUND");
		assertThat(count("SELECT count(*) FROM audit_case")).isEqualTo(cases);
		assertThat(count("SELECT count(*) FROM ledger WHERE type = 'CASE_OPENED'")).isEqualTo(opened);
	}

	@Test
	void badInputAndOtherRolesAreRefusedAndStoreNothing() throws Exception {
		long cases = count("SELECT count(*) FROM audit_case");
		long entries = count("SELECT count(*) FROM ledger WHERE type IN ('CASE_OPENED', 'ACCESS')");
		String now = Instant.now().toString();
		Map<String, String> expected = new LinkedHashMap<>();
		expected.put(body("bindingId", "00ABCDEFGHJKMNPQ"), "VALIDATION_FAILED"); // no
																					// reason
		expected.put(body("reason", " ", "bindingId", "00ABCDEFGHJKMNPQ"), "VALIDATION_FAILED");
		expected.put(body("reason", "r"), "VALIDATION_FAILED"); // no source
		expected.put(body("reason", "r", "bindingId", "00ABCDEFGHJKMNPQ", "signalId", "s1"), "VALIDATION_FAILED");
		expected.put(body("reason", "r", "at", now), "VALIDATION_FAILED");
		expected.put(body("reason", "r", "virtualNumber", "12345", "at", now), "INVALID_VIRTUAL_NUMBER");
		expected.put(body("reason", "r", "virtualNumber", "700100000000001", "at", "yesterday"), "VALIDATION_FAILED");
		expected.put(body("reason", "r", "bindingId", "not-a-binding"), "VALIDATION_FAILED");
		expected.put(body("reason", "r", "signalId", "bad signal id!"), "VALIDATION_FAILED");
		expected.put(body("reason", "r", "phone", "123", "from", now, "to", now), "INVALID_PHONE_NUMBER");
		expected.put(body("reason", "r", "phone", PhoneFixtures.mobile(), "from", now, "to", now), "VALIDATION_FAILED");
		expected.put(body("reason", "r".repeat(501), "bindingId", "00ABCDEFGHJKMNPQ"), "VALIDATION_FAILED");
		expected.forEach((request, code) -> {
			HttpResponse<String> answer = send(() -> http().post("/v1/audit/cases", request, Role.REGULATOR));
			assertThat(answer.statusCode()).as(request + ": " + answer.body()).isEqualTo(400);
			assertThat(json.readTree(answer.body()).get("code").asString()).as(request).isEqualTo(code);
		});
		HttpResponse<String> unknownBinding = http().post("/v1/audit/cases",
				body("reason", "r", "bindingId", "00ABCDEFGHJKMNPQ"), Role.REGULATOR);
		assertThat(unknownBinding.statusCode()).isEqualTo(404);
		for (Role role : List.of(Role.OPERATOR, Role.PLATFORM, Role.CARRIER)) {
			assertThat(http().post("/v1/audit/cases", body("reason", "r", "bindingId", "00ABCDEFGHJKMNPQ"), role)
				.statusCode()).as(role.name()).isEqualTo(403);
		}
		assertThat(count("SELECT count(*) FROM audit_case")).isEqualTo(cases);
		assertThat(count("SELECT count(*) FROM ledger WHERE type IN ('CASE_OPENED', 'ACCESS')")).isEqualTo(entries);
	}

	@Test
	void anExportVerifiesOfflineWithThePublishedKeyAndATamperedOneDoesNot() throws Exception {
		Map<String, Object> lease = leaseAndRecord(PhoneFixtures.mobile(), PhoneFixtures.mobile());
		String bindingId = (String) lease.get("id");
		JsonNode opened = created(
				http().post("/v1/audit/cases", body("reason", "export check", "bindingId", bindingId), Role.REGULATOR));
		String caseId = opened.get("caseId").asString();
		// an action taken from the case, as binding-service's BLOCKLIST_ADDED reaches
		// the ledger
		ledger.append(List.of(new LedgerEntry("blocklist:" + UUID.randomUUID(), "BLOCKLIST_ADDED", Instant.now(), null,
				null, null, null, "138****0000", null, "ab".repeat(12), null, null,
				"{\"by\":\"test-regulator\",\"caseId\":\"" + caseId + "\",\"reason\":\"from the case\"}")));
		JsonNode file = json.readTree(http().get("/v1/audit/cases/" + caseId, Role.REGULATOR).body());
		assertThat(file.get("actions")).hasSize(1);
		assertThat(file.get("actions").get(0).get("type").asString()).isEqualTo("BLOCKLIST_ADDED");
		assertThat(file.get("actions").get(0).get("by").asString()).isEqualTo("test-regulator");

		HttpResponse<String> export = http().get("/v1/audit/cases/" + caseId + "/export", Role.REGULATOR);
		assertThat(export.statusCode()).as(export.body()).isEqualTo(200);
		assertThat(export.headers().firstValue("Content-Type"))
			.hasValueSatisfying(type -> assertThat(type).startsWith("application/x-ndjson"));
		assertThat(count("SELECT count(*) FROM ledger WHERE type = 'ACCESS' AND (details::jsonb ->> 'query') = "
				+ "'case-export' AND (details::jsonb ->> 'caseId') = '" + caseId + "'"))
			.isEqualTo(1);
		List<String> lines = new ArrayList<>(export.body().lines().toList());
		JsonNode trailer = json.readTree(lines.get(lines.size() - 1));
		JsonNode manifest = json.readTree(trailer.get("manifest").asString());
		assertThat(manifest.get("caseId").asString()).isEqualTo(caseId);
		assertThat(manifest.get("caseSeqs").size()).isGreaterThanOrEqualTo(3); // created,
																				// opened,
																				// action
		Path key = Files.writeString(dir.resolve("ledger-key.pem"),
				json.readTree(http().get("/v1/audit/checkpoints/key", Role.REGULATOR).body())
					.get("publicKey")
					.asString());

		Result ok = script(Files.writeString(dir.resolve("bundle.jsonl"), export.body()), key);
		assertThat(ok.exit()).as(ok.output()).isZero();
		assertThat(json.readTree(ok.output()).get("caseId").asString()).isEqualTo(caseId);

		// the binding's entry changed: its hash no longer holds
		int created = indexOf(lines, "\"eventId\":\"created:" + bindingId + "\"");
		List<String> changed = new ArrayList<>(lines);
		ObjectNode entry = (ObjectNode) json.readTree(lines.get(created));
		entry.put("orderId", "ORD-FORGED");
		changed.set(created, entry.toString());
		Result forged = script(Files.write(dir.resolve("changed.jsonl"), changed), key);
		assertThat(forged.exit()).as(forged.output()).isEqualTo(1);

		// an entry left out
		List<String> cut = new ArrayList<>(lines);
		cut.remove(created);
		assertThat(script(Files.write(dir.resolve("cut.jsonl"), cut), key).exit()).isEqualTo(1);

		// the manifest's reason changed: its signature no longer holds
		List<String> reworded = new ArrayList<>(lines);
		ObjectNode t = (ObjectNode) trailer.deepCopy();
		t.put("manifest", trailer.get("manifest").asString().replace("export check", "nothing to see"));
		reworded.set(lines.size() - 1, t.toString());
		Result unsigned = script(Files.write(dir.resolve("reworded.jsonl"), reworded), key);
		assertThat(unsigned.exit()).as(unsigned.output()).isEqualTo(1);
		assertThat(unsigned.output()).contains("manifest");

		// a key the regulator does not trust
		var other = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
		Path otherKey = Files.writeString(dir.resolve("other.pem"),
				"-----BEGIN PUBLIC KEY-----\n" + Base64.getMimeEncoder().encodeToString(other.getPublic().getEncoded())
						+ "\n-----END PUBLIC KEY-----\n");
		assertThat(script(dir.resolve("bundle.jsonl"), otherKey).exit()).isEqualTo(1);

		// the attested form (what a case whose range is over the export's limit gets):
		// the
		// case's entries alone, their hashes signed in the manifest
		HttpResponse<String> attested = http().get("/v1/audit/cases/" + caseId + "/export?form=attested",
				Role.REGULATOR);
		assertThat(attested.statusCode()).as(attested.body()).isEqualTo(200);
		List<String> own = new ArrayList<>(attested.body().lines().toList());
		JsonNode attestedManifest = json.readTree(json.readTree(own.get(own.size() - 1)).get("manifest").asString());
		assertThat(attestedManifest.get("form").asString()).isEqualTo("attested");
		assertThat(own).hasSize(attestedManifest.get("caseSeqs").size() + 1);
		Result attestedOk = script(Files.writeString(dir.resolve("attested.jsonl"), attested.body()), key);
		assertThat(attestedOk.exit()).as(attestedOk.output()).isZero();
		assertThat(json.readTree(attestedOk.output()).get("form").asString()).isEqualTo("attested");
		int ownCreated = indexOf(own, "\"eventId\":\"created:" + bindingId + "\"");
		List<String> ownChanged = new ArrayList<>(own);
		ObjectNode ownEntry = (ObjectNode) json.readTree(own.get(ownCreated));
		ownEntry.put("orderId", "ORD-FORGED");
		ownChanged.set(ownCreated, ownEntry.toString());
		assertThat(script(Files.write(dir.resolve("attested-changed.jsonl"), ownChanged), key).exit()).isEqualTo(1);
		List<String> ownCut = new ArrayList<>(own);
		ownCut.remove(ownCreated);
		assertThat(script(Files.write(dir.resolve("attested-cut.jsonl"), ownCut), key).exit()).isEqualTo(1);
		assertThat(http().get("/v1/audit/cases/" + caseId + "/export?form=all", Role.REGULATOR).statusCode())
			.isEqualTo(400);

		// another regulator cannot export it
		assertThat(asOtherRegulator("/v1/audit/cases/" + caseId + "/export").statusCode()).isEqualTo(404);
	}

	private Map<String, Object> leaseAndRecord(String a, String b) {
		AuditTestContext leases = leases();
		ManagementNumber block = leases.newBlock();
		Map<String, Object> lease = leases.lease(block, 7, a, b, Duration.ofMinutes(30));
		await().atMost(Duration.ofSeconds(15))
			.until(() -> count("SELECT count(*) FROM holding WHERE binding_id = '" + lease.get("id") + "'") >= 1);
		return lease;
	}

	private String callAndRecord(String x, String caller) {
		String callId = "c-" + UUID.randomUUID();
		RealNumber number = RealNumber.parse(caller);
		RouteCall.Decision decision = scripts.call(
				new RouteCall(x, callId, protector.blindIndex(number), protector.encryptParties(List.of(number)),
						"VOICE", 30, 600_000, 86_400_000, 86_400_000, "routed:" + UUID.randomUUID(), 100_000),
				keys.shardBase(new VirtualNumber(x).shard()));
		assertThat(decision.action()).isEqualTo("CONNECT");
		await().atMost(Duration.ofSeconds(15))
			.until(() -> count("SELECT count(*) FROM call_record WHERE call_id = '" + callId + "'") == 1);
		return callId;
	}

	private long accessEntries(String caseId) {
		return count("SELECT count(*) FROM ledger WHERE type = 'ACCESS' AND (details::jsonb ->> 'caseId') = '" + caseId
				+ "'");
	}

	private long count(String sql) {
		return jdbc.queryForObject(sql, Long.class);
	}

	private JsonNode created(HttpResponse<String> response) {
		assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
		return json.readTree(response.body());
	}

	private String body(String... pairs) {
		Map<String, String> body = new LinkedHashMap<>();
		for (int i = 0; i < pairs.length; i += 2) {
			body.put(pairs[i], pairs[i + 1]);
		}
		return json.writeValueAsString(body);
	}

	private static List<String> strings(JsonNode array) {
		List<String> out = new ArrayList<>();
		array.forEach(n -> out.add(n.asString()));
		return out;
	}

	private AuditHttp http() {
		return new AuditHttp(port);
	}

	private HttpResponse<String> asOtherRegulator(String path) throws IOException, InterruptedException {
		String token = TestInfrastructure.get()
			.mintToken(Audience.AUDIT, "test-regulator-2", Role.REGULATOR, AuditTestContext.PLATFORM);
		return http().send(HttpRequest.newBuilder(http().uri(path)).header("Authorization", "Bearer " + token).build());
	}

	private interface Call {

		HttpResponse<String> send() throws Exception;

	}

	private static HttpResponse<String> send(Call call) {
		try {
			return call.send();
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	private record Result(int exit, String output) {
	}

	private Result script(Path bundle, Path publicKey) throws IOException, InterruptedException {
		Process p = new ProcessBuilder("python3", SCRIPT.toString(), "--case-bundle", bundle.toString(), "--public-key",
				publicKey.toString())
			.redirectErrorStream(true)
			.start();
		String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
		return new Result(p.waitFor(), out);
	}

	private static int indexOf(List<String> lines, String marker) {
		for (int i = 0; i < lines.size(); i++) {
			if (lines.get(i).contains(marker)) {
				return i;
			}
		}
		throw new AssertionError("no line with " + marker);
	}

}
