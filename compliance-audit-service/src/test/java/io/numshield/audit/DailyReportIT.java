package io.numshield.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.numshield.audit.ledger.Ledger;
import io.numshield.audit.ledger.LedgerEntry;
import io.numshield.core.number.ManagementNumber;
import io.numshield.core.number.RealNumber;
import io.numshield.core.redis.BindingId;
import io.numshield.core.redis.LeaseCall;
import io.numshield.core.token.Role;
import io.numshield.testsupport.PhoneFixtures;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * The industrial identifier in the audit service and the signed daily report (issue 15
 * part 7, ADR 0028): a lease's identifier reaches its ledger row, its holding (also the
 * row a change of party B opens) and the trace; the report of a day in Asia/Shanghai
 * counts each platform's leases and calls per number, names their identifiers, shows no
 * party number, verifies offline with {@code scripts/verify-export.py}, is recorded as an
 * ACCESS entry, and is refused for a day not over yet and to other roles than REGULATOR.
 */
class DailyReportIT extends AuditIntegrationTest {

	private static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");

	private static final Path SCRIPT = Path.of("..", "scripts", "verify-export.py");

	@LocalServerPort
	int port;

	@Autowired
	Ledger ledger;

	@Autowired
	ObjectMapper json;

	@Test
	void aLeasesIdentifierReachesTheLedgerItsHoldingsAndTheTrace() throws Exception {
		ManagementNumber block = leases().newBlock();
		String a = PhoneFixtures.mobile();
		RealNumber partyA = RealNumber.parse(a);
		RealNumber partyB = RealNumber.parse(PhoneFixtures.mobile());
		BindingId id = BindingId.random(block.shard());
		LeaseCall.Reply leased = scripts.call(new LeaseCall(id.value(), AuditTestContext.PLATFORM, "ORD-" + id.suffix(),
				"AXB", block.digits(), 0, protector.blindIndex(partyA), protector.blindIndex(partyB),
				protector.encryptParties(List.of(partyA, partyB)), "BOTH", false, Duration.ofMinutes(30).toMillis(),
				null, 0, "consent-1", Instant.now(), 1000, "", null, "MIIT-TRACE-1"), keys.shardBase(block.shard()));
		assertThat(leased.result()).isEqualTo("OK");
		leases().changePartyB(id.value(), a, PhoneFixtures.mobile());
		await().atMost(Duration.ofSeconds(30))
			.until(() -> jdbc.queryForObject("SELECT count(*) FROM holding WHERE binding_id = ?", Long.class,
					id.value()) == 2);

		String details = jdbc.queryForObject(
				"SELECT details FROM ledger WHERE binding_id = ? AND type = 'BINDING_CREATED'", String.class,
				id.value());
		assertThat(json.readTree(details).get("industrialId").asString()).isEqualTo("MIIT-TRACE-1");
		assertThat(jdbc.queryForList("SELECT industrial_id FROM holding WHERE binding_id = ? ORDER BY valid_from",
				String.class, id.value()))
			.as("the row a change of party B opens keeps it")
			.containsExactly("MIIT-TRACE-1", "MIIT-TRACE-1");

		JsonNode trace = json.readTree(
				http()
					.get("/v1/audit/trace?virtualNumber=" + leased.virtualNumber() + "&at="
							+ AuditHttp.enc(Instant.now().toString()) + "&reason=industrial+id", Role.REGULATOR)
					.body());
		assertThat(trace.get("holders")).singleElement()
			.satisfies(h -> assertThat(h.get("industrialId").asString()).isEqualTo("MIIT-TRACE-1"));
		leases().release(id.value());
	}

	@Test
	void theDailyReportCountsLeasesAndCallsPerPlatformAndNumberSignedAndRecorded(@TempDir Path dir) throws Exception {
		LocalDate today = LocalDate.now(SHANGHAI);
		LocalDate first = today.minusDays(3);
		LocalDate second = today.minusDays(2);
		String suffix = Long.toString(ThreadLocalRandom.current().nextLong(1_000_000, 9_999_999));
		String p1 = "daily-a-" + suffix;
		String p2 = "daily-b-" + suffix;
		String x1 = "70012" + suffix + "001";
		String x2 = "70012" + suffix + "002";
		List<String> phones = new ArrayList<>();
		List<LedgerEntry> planted = new ArrayList<>();
		// first day: p1 leases x1 (IND-A) and ends it; one call connected for 42 s, one
		// refused; p2 leases x2 (IND-B) at 23:30
		String b1 = planted(planted, phones, p1, x1, "IND-A", at(first, 10, 0), at(first, 12, 0), "DELETED");
		call(planted, p1, x1, b1, at(first, 10, 30), "CONNECT", 42);
		call(planted, p1, x1, b1, at(first, 11, 0), "REJECT", 0);
		String b2 = planted(planted, phones, p2, x2, "IND-B", at(first, 23, 30), at(second, 1, 0), "EXPIRED");
		// second day (00:30 in Shanghai is the first day in UTC): p2's call on x2, 10 s;
		// p1 leases x1 again, without an identifier
		call(planted, p2, x2, b2, at(second, 0, 30), "CONNECT", 10);
		planted(planted, phones, p1, x1, null, at(second, 9, 0), null, null);
		ledger.append(planted);

		long accessBefore = reportAccesses();
		HttpResponse<String> report = http().get("/v1/audit/reports/daily/" + first, Role.REGULATOR);
		assertThat(report.statusCode()).as(report.body()).isEqualTo(200);
		assertThat(report.headers().firstValue("Content-Type")).hasValueSatisfying(t -> t.startsWith("text/csv"));
		String[] lines = report.body().split("\r\n");
		assertThat(lines[0]).isEqualTo("date,platformId,virtualNumber,industrialIds,leasesStarted,leasesEnded,"
				+ "callsRouted,callsConnected,callsRefused,callSeconds");
		assertThat(ours(lines, suffix)).containsExactly(first + "," + p1 + "," + x1 + ",IND-A,1,1,2,1,1,42",
				first + "," + p2 + "," + x2 + ",IND-B,1,0,0,0,0,0");
		HttpResponse<String> next = http().get("/v1/audit/reports/daily/" + second, Role.REGULATOR);
		assertThat(ours(next.body().split("\r\n"), suffix)).containsExactly(
				second + "," + p1 + "," + x1 + ",,1,0,0,0,0,0", second + "," + p2 + "," + x2 + ",IND-B,0,1,1,1,0,10");
		for (String phone : phones) {
			String national = RealNumber.parse(phone).e164().substring(3);
			assertThat(report.body() + next.body()).as("no party number").doesNotContain(national);
		}

		// the signature, in the header and detached, verifies offline with the published
		// key
		HttpResponse<String> detached = http().get("/v1/audit/reports/daily/" + first + "/signature", Role.REGULATOR);
		assertThat(detached.statusCode()).isEqualTo(200);
		JsonNode signature = json.readTree(detached.body());
		assertThat(signature.get("date").asString()).isEqualTo(first.toString());
		assertThat(signature.get("zone").asString()).isEqualTo("Asia/Shanghai");
		assertThat(signature.get("rowCount").asInt()).isEqualTo(lines.length - 1);
		assertThat(signature.get("ledgerSeqFrom").asLong()).isLessThanOrEqualTo(signature.get("ledgerSeqTo").asLong());
		String header = report.headers().firstValue("NumShield-Signature").orElseThrow();
		assertThat(header).isEqualTo("ed25519=" + signature.get("signature").asString());
		Path csv = Files.write(dir.resolve("report.csv"), report.body().getBytes(StandardCharsets.UTF_8));
		Path sig = Files.writeString(dir.resolve("report.sig.json"), detached.body());
		Path key = Files.writeString(dir.resolve("key.pem"),
				json.readTree(http().get("/v1/audit/checkpoints/key", Role.REGULATOR).body())
					.get("publicKey")
					.asString());
		assertThat(
				verify("--daily-report", csv.toString(), "--signature", sig.toString(), "--public-key", key.toString()))
			.startsWith("0 ")
			.contains("\"verified\": true");
		assertThat(
				verify("--daily-report", csv.toString(), "--signature-header", header, "--public-key", key.toString()))
			.startsWith("0 ");
		Path changed = Files.writeString(dir.resolve("changed.csv"), report.body().replace(",42\r\n", ",41\r\n"));
		assertThat(verify("--daily-report", changed.toString(), "--signature-header", header, "--public-key",
				key.toString()))
			.as("a changed CSV fails")
			.startsWith("1 ");
		assertThat(reportAccesses()).as("each fetch is an ACCESS entry").isEqualTo(accessBefore + 3);

		// a day not over, a bad date and other roles are refused, and not recorded
		for (LocalDate notOver : List.of(today, today.plusDays(1))) {
			HttpResponse<String> refused = http().get("/v1/audit/reports/daily/" + notOver, Role.REGULATOR);
			assertThat(refused.statusCode()).isEqualTo(409);
			assertThat(json.readTree(refused.body()).get("code").asString()).isEqualTo("REPORT_NOT_READY");
		}
		HttpResponse<String> bad = http().get("/v1/audit/reports/daily/2026-13-01", Role.REGULATOR);
		assertThat(bad.statusCode()).isEqualTo(400);
		assertThat(json.readTree(bad.body()).get("code").asString()).isEqualTo("VALIDATION_FAILED");
		for (Role role : List.of(Role.OPERATOR, Role.PLATFORM, Role.CARRIER)) {
			assertThat(http().get("/v1/audit/reports/daily/" + first, role).statusCode()).as(role.name())
				.isEqualTo(403);
			assertThat(http().get("/v1/audit/reports/daily/" + first + "/signature", role).statusCode()).as(role.name())
				.isEqualTo(403);
		}
		assertThat(reportAccesses()).isEqualTo(accessBefore + 3);
	}

	// ---- fixtures

	private AuditHttp http() {
		return new AuditHttp(port);
	}

	private static Instant at(LocalDate day, int hour, int minute) {
		return day.atTime(LocalTime.of(hour, minute)).atZone(SHANGHAI).toInstant();
	}

	private static List<String> ours(String[] lines, String suffix) {
		return java.util.Arrays.stream(lines).filter(line -> line.contains(suffix)).toList();
	}

	private long reportAccesses() {
		return jdbc.queryForObject(
				"SELECT count(*) FROM ledger WHERE type = 'ACCESS' AND (details::jsonb ->> 'query') = 'daily-report'",
				Long.class);
	}

	/**
	 * A binding's BINDING_CREATED entry and, with {@code endedAt}, its end, as the
	 * ingestor writes them; answers its id.
	 */
	private String planted(List<LedgerEntry> entries, List<String> phones, String platformId, String x,
			String industrialId, Instant createdAt, Instant endedAt, String reason) {
		String a = PhoneFixtures.mobile();
		String b = PhoneFixtures.mobile();
		phones.add(a);
		phones.add(b);
		RealNumber partyA = RealNumber.parse(a);
		RealNumber partyB = RealNumber.parse(b);
		String bindingId = BindingId.random(ManagementNumber.segment700(x.substring(0, 11)).shard()).value();
		Map<String, String> fields = new LinkedHashMap<>();
		fields.put("mode", "AXB");
		fields.put("poolId", "daily-pool");
		fields.put("direction", "BOTH");
		fields.put("recording", "0");
		fields.put("createdAt", Long.toString(createdAt.toEpochMilli()));
		fields.put("expiresAt", Long.toString(createdAt.plus(Duration.ofHours(2)).toEpochMilli()));
		fields.put("consentReference", "consent-" + bindingId);
		if (industrialId != null) {
			fields.put("industrialId", industrialId);
		}
		entries.add(entry("created:" + bindingId, "BINDING_CREATED", createdAt, platformId, bindingId, x, partyA,
				partyB, fields));
		if (endedAt != null) {
			Map<String, String> ended = new LinkedHashMap<>(fields);
			ended.remove("industrialId");
			ended.remove("consentReference");
			ended.put("releasedAt", Long.toString(endedAt.toEpochMilli()));
			ended.put("reason", reason);
			entries.add(entry("ended:" + bindingId, "EXPIRED".equals(reason) ? "BINDING_EXPIRED" : "BINDING_RELEASED",
					endedAt, platformId, bindingId, x, partyA, partyB, ended));
		}
		return bindingId;
	}

	/**
	 * An entry as the ingestor makes it: its details a JSON object with sorted keys (what
	 * {@code scripts/verify-export.py} recomputes the hash over).
	 */
	private LedgerEntry entry(String eventId, String type, Instant at, String platformId, String bindingId, String x,
			RealNumber a, RealNumber b, Map<String, String> details) {
		return new LedgerEntry(eventId, type, at, platformId, bindingId, "ORD-" + bindingId, x, a.masked(), b.masked(),
				protector.blindIndex(a), protector.blindIndex(b), protector.encryptParties(List.of(a, b)),
				json.writeValueAsString(new TreeMap<>(details)));
	}

	/**
	 * A call's routing decision and, when connected, its answer and hang-up after
	 * {@code seconds}, as the ingestor writes them.
	 */
	private void call(List<LedgerEntry> entries, String platformId, String x, String bindingId, Instant at,
			String action, int seconds) {
		String callId = "c-" + UUID.randomUUID();
		String callerIndex = protector.blindIndex(RealNumber.parse(PhoneFixtures.mobile()));
		Map<String, String> routed = new LinkedHashMap<>(Map.of("callId", callId, "callType", "VOICE", "action", action,
				"reason", "CONNECT".equals(action) ? "" : "CALLER_BLOCKED", "callerIndex", callerIndex));
		entries.add(new LedgerEntry("routed:" + callId, "CALL_ROUTED", at, platformId, bindingId, "ORD-" + bindingId, x,
				null, null, null, null, null, json.writeValueAsString(new TreeMap<>(routed))));
		if (!"CONNECT".equals(action)) {
			return;
		}
		Instant answered = at.plusSeconds(5);
		Instant hangup = answered.plusSeconds(seconds);
		entries.add(callEvent(callId, platformId, x, bindingId, callerIndex, answered,
				Map.of("event", "ANSWERED", "occurredAt", answered.toString())));
		entries.add(callEvent(callId, platformId, x, bindingId, callerIndex, hangup, Map.of("event", "HANGUP",
				"occurredAt", hangup.toString(), "durationSeconds", Integer.toString(seconds), "releaseCause", "16")));
	}

	private LedgerEntry callEvent(String callId, String platformId, String x, String bindingId, String callerIndex,
			Instant at, Map<String, String> event) {
		Map<String, String> details = Map.of("callId", callId, "callerIndex", callerIndex, "callerRole", "A", "details",
				json.writeValueAsString(event));
		return new LedgerEntry("evt_" + UUID.randomUUID(), "CALL_EVENT", at, platformId, bindingId, "ORD-" + bindingId,
				x, null, null, null, null, null, json.writeValueAsString(new TreeMap<>(details)));
	}

	/** The script's exit code and output, "code output". */
	private static String verify(String... arguments) throws Exception {
		List<String> command = new ArrayList<>(List.of("python3", SCRIPT.toString()));
		command.addAll(List.of(arguments));
		Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
		String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
		return p.waitFor() + " " + out;
	}

}
