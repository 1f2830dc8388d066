package io.numshield.console.regulator;

import static org.assertj.core.api.Assertions.assertThat;

import io.numshield.console.session.ConsoleBrowser;
import io.numshield.console.session.KeyCheckingGateway;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The regulator's signal, case and daily-report pages over real HTTP, in front of the
 * signature-checking stand-in for the gateway answering as the API does: what each page
 * asks the API, what it shows (numbers masked where the API masks them, a subject's blind
 * index never), and the API's refusals shown as problems.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class RegulatorPagesTests {

	private static final KeyCheckingGateway GATEWAY = new KeyCheckingGateway();

	/** A CALLER signal: its subject's value is the blind index, never to be shown. */
	static final String CALLER_SIGNAL = """
			{"signalId":"sig_00000000000000000001","kind":"CALLER_SCANNING","raisedAt":"2026-12-01T10:02:03.456Z",
			 "window":{"from":"2026-12-01T09:00:00Z","to":"2026-12-01T10:00:00Z"},
			 "subject":{"type":"CALLER","value":"bidx-7f3a9c0e5d21","masked":"138****0000"},
			 "observed":41,"baseline":3,"threshold":30,
			 "explanation":"138****0000 called 41 virtual numbers of 3 platforms in an hour",
			 "evidence":{"bindingIds":["b_000000000000000000000001","b_000000000000000000000002"],
			  "callIds":["call-fixture-1"],"calls":41},
			 "ledgerSeq":1234}""";

	static final String PLATFORM_SIGNAL = """
			{"signalId":"sig_00000000000000000002","kind":"PLATFORM_REFUSAL_RATE","raisedAt":"2026-12-01T10:02:03.456Z",
			 "window":{"from":"2026-12-01T09:00:00Z","to":"2026-12-01T10:00:00Z"},
			 "subject":{"type":"PLATFORM","value":"plat-fixture","masked":null},
			 "observed":0.62,"baseline":null,"threshold":0.5,
			 "explanation":"62% of plat-fixture's calls refused","evidence":{"platformIds":["plat-fixture"]},
			 "ledgerSeq":1235}""";

	static final String CASE_ID = "case-0123456789abcdef01234567";

	/** A case file as its opener reads it: the parties in full (fixture numbers). */
	static final String CASE_FILE = """
			{"caseId":"case-0123456789abcdef01234567","openedAt":"2026-12-01T10:05:00Z","openedBy":"rk_0123456789abcdef0123",
			 "reason":"signal review","source":{"signalId":"sig_00000000000000000001"},"truncated":false,
			 "bindings":[{"bindingId":"b_000000000000000000000001","platformId":"plat-fixture","orderId":"order-1",
			  "virtualNumber":"17000000001","mode":"AXB","leasedAt":"2026-12-01T09:10:00Z","expiresAt":"2026-12-01T11:10:00Z",
			  "releasedAt":null,"releaseReason":null,"heldFrom":"2026-12-01T09:10:00Z","heldUntil":null,
			  "partyA":"+8613800000001","partyB":"+8613800000002","industrialId":"MIIT-700-0001"}],
			 "calls":[{"callId":"call-fixture-1","bindingId":"b_000000000000000000000001","platformId":"plat-fixture",
			  "orderId":"order-1","virtualNumber":"17000000001","callType":"VOICE","caller":"138****0003","callerRole":"OTHER",
			  "action":"REJECT","reason":"NOT_A_PARTY","startedAt":"2026-12-01T09:30:00Z","answeredAt":null,"endedAt":null,
			  "talkSeconds":null}],
			 "platformIds":["plat-fixture"],"orderIds":["order-1"],"ledgerSeqs":[1200,1201],
			 "actions":[{"seq":1300,"type":"PLATFORM_STATUS_CHANGED","occurredAt":"2026-12-01T10:10:00Z",
			  "platformId":"plat-fixture","number":null,"status":"SUSPENDED","reason":"case review","by":"ok_x"}]}""";

	@LocalServerPort
	int port;

	ConsoleBrowser regulator;

	@DynamicPropertySource
	static void gateway(DynamicPropertyRegistry registry) {
		registry.add("numshield.console.gateway-url", GATEWAY::url);
	}

	@AfterAll
	static void stop() {
		GATEWAY.close();
	}

	@BeforeEach
	void signIn() throws Exception {
		GATEWAY.stub("GET", "/v1/audit/signals", 200,
				"{\"signals\":[" + CALLER_SIGNAL + "," + PLATFORM_SIGNAL + "],\"nextCursor\":\"cur-2\"}");
		regulator = new ConsoleBrowser(port);
		regulator.signIn(KeyCheckingGateway.REGULATOR_ID, KeyCheckingGateway.REGULATOR_SECRET);
	}

	@Test
	void theSignalsPageListsTheSignalsMaskedWithTheKindFilterAndLinksToEach() throws Exception {
		HttpResponse<String> page = regulator.get("/regulator/signals?kind=CALLER_SCANNING");
		assertThat(page.statusCode()).isEqualTo(200);
		assertThat(page.body())
			.contains("CALLER_SCANNING", "138****0000", "41", "30", "called 41 virtual numbers of 3 platforms",
					"2026-12-01T09:00:00Z", "PLATFORM_REFUSAL_RATE", "plat-fixture", "0.62", "0.5")
			// the blind index of the caller is not shown
			.doesNotContain("bidx-7f3a9c0e5d21")
			// the filter keeps its choice, the nav marks the page, the next page follows
			// the
			// cursor
			.contains("<option value=\"CALLER_SCANNING\" selected=\"selected\">", "class=\"current\">Signals</a>")
			.contains("cursor=cur-2")
			.contains("href=\"/regulator/signals/sig_00000000000000000001\"");
		KeyCheckingGateway.Request asked = last("/v1/audit/signals");
		assertThat(asked.role()).isEqualTo("REGULATOR");
		assertThat(asked.rawQuery()).contains("kind=CALLER_SCANNING", "limit=50", "from=", "to=");
	}

	@Test
	void aSignalsPageShowsItsEvidenceAndSaysSoWhenNoneWasRaised() throws Exception {
		GATEWAY.stub("GET", "/v1/audit/signals/sig_00000000000000000001", 200, CALLER_SIGNAL);
		HttpResponse<String> page = regulator.get("/regulator/signals/sig_00000000000000000001");
		assertThat(page.statusCode()).isEqualTo(200);
		assertThat(page.body())
			.contains("b_000000000000000000000001", "b_000000000000000000000002", "call-fixture-1", "1234",
					"138****0000")
			.doesNotContain("bidx-7f3a9c0e5d21")
			.doesNotContain("plat-fixture");
		assertThat(last("/v1/audit/signals/sig_00000000000000000001").role()).isEqualTo("REGULATOR");

		GATEWAY.stub("GET", "/v1/audit/signals/sig_00000000000000000009", 404,
				KeyCheckingGateway.problemJson("SIGNAL_NOT_FOUND", "Not found", "no signal sig_00000000000000000009"));
		HttpResponse<String> none = regulator.get("/regulator/signals/sig_00000000000000000009");
		assertThat(none.statusCode()).isEqualTo(404);
		assertThat(none.body()).contains("No signal was raised with this id", "id=\"signed-in-as\"");
	}

	@Test
	void aPartySearchShowsTheHoldersIndustrialIdsTheRealNameReportsAndTheGroups() throws Exception {
		GATEWAY.stub("POST", "/v1/audit/party-search", 200, """
				{"party":"+8613800000001","from":"2026-12-01T00:00:00Z","to":"2026-12-02T00:00:00Z",
				 "holders":[{"bindingId":"b_000000000000000000000007","platformId":"plat-fixture","orderId":"order-7",
				  "virtualNumber":"700100000000007","mode":"AXB","heldFrom":"2026-12-01T08:00:00Z",
				  "heldUntil":"2026-12-01T09:00:00Z","partyA":"+8613800000001","partyB":"+8613800000002",
				  "industrialId":"IND-700-0042"}],
				 "identityReports":[{"reportId":"ir_000000000000000000000001","platformId":"plat-fixture",
				  "reportedAt":"2026-11-30T08:00:00Z","validUntil":"2026-12-30T08:00:00Z","phone":"+8613800000001",
				  "name":"Fixture Courier","idType":"PASSPORT","idNumber":"E00000001"}],
				 "groups":[{"groupId":"grp-fixture-1","platformId":"plat-fixture","orderId":"route-9",
				  "memberFrom":"2026-12-01T07:00:00Z","memberUntil":null,
				  "bindings":[{"bindingId":"b_000000000000000000000008"}]}]}""");
		String form = regulator.get("/regulator/party-search").body();
		assertThat(form).contains("<option value=\"PASSPORT\">PASSPORT</option>");
		HttpResponse<String> found = regulator
			.post("/regulator/party-search",
					Map.of("party", "13800000001", "idType", "", "idNumber", "", "from", "2026-12-01T00:00:00Z", "to",
							"2026-12-02T00:00:00Z", "reason", "case review", "_csrf", ConsoleBrowser.csrfOf(form)),
					true);
		assertThat(found.statusCode()).isEqualTo(200);
		assertThat(found.body()).contains("b_000000000000000000000007", "IND-700-0042")
			.contains("ir_000000000000000000000001", "Fixture Courier", "PASSPORT E00000001")
			.contains("grp-fixture-1", "route-9", "still a member", "b_000000000000000000000008");
		KeyCheckingGateway.Request asked = last("/v1/audit/party-search");
		assertThat(asked.role()).isEqualTo("REGULATOR");
		assertThat(asked.body()).contains("\"party\":\"13800000001\"", "\"reason\":\"case review\"")
			.doesNotContain("idNumber");

		// by document alone: no party sent, the document is
		regulator.post("/regulator/party-search",
				Map.of("party", "", "idType", "PASSPORT", "idNumber", "E00000001", "from", "2026-12-01T00:00:00Z", "to",
						"2026-12-02T00:00:00Z", "reason", "case review", "_csrf", ConsoleBrowser.csrfOf(form)),
				true);
		assertThat(last("/v1/audit/party-search").body())
			.contains("\"idType\":\"PASSPORT\"", "\"idNumber\":\"E00000001\"")
			.doesNotContain("party");
	}

	@Test
	void aRefusedSignalsQueryIsShownAsTheProblem() throws Exception {
		GATEWAY.stub("GET", "/v1/audit/signals", 400,
				KeyCheckingGateway.problemJson("VALIDATION_FAILED", "Validation failed", "from must be before to"));
		HttpResponse<String> page = regulator
			.get("/regulator/signals?from=2026-12-02T00:00:00Z&to=2026-12-01T00:00:00Z");
		assertThat(page.statusCode()).isEqualTo(400);
		assertThat(page.body()).contains("VALIDATION_FAILED", "from must be before to", "id=\"signed-in-as\"");
	}

	@Test
	void aCaseOpenedFromASignalShowsItsFileWithThePartiesMaskedAndLinksToItsExports() throws Exception {
		GATEWAY.stub("POST", "/v1/audit/cases", 201,
				"{\"caseId\":\"" + CASE_ID
						+ "\",\"openedAt\":\"2026-12-01T10:05:00Z\",\"source\":{},\"bindingIds\":[],\"callIds\":[],"
						+ "\"ledgerSeqs\":[],\"platformIds\":[],\"orderIds\":[],\"truncated\":false}");
		GATEWAY.stub("GET", "/v1/audit/cases/" + CASE_ID, 200, CASE_FILE);
		GATEWAY.stub("GET", "/v1/audit/signals/sig_00000000000000000001", 200, CALLER_SIGNAL);
		String signalPage = regulator.get("/regulator/signals/sig_00000000000000000001").body();
		assertThat(signalPage).contains("id=\"open-case-form\"");
		HttpResponse<String> opened = regulator.post("/regulator/cases", Map.of("signalId", "sig_00000000000000000001",
				"reason", "signal review", "_csrf", ConsoleBrowser.csrfOf(signalPage)), false);
		assertThat(opened.statusCode()).isEqualTo(302);
		assertThat(opened.headers().firstValue("Location"))
			.hasValueSatisfying(l -> assertThat(l).endsWith("/regulator/cases/" + CASE_ID));
		assertThat(last("/v1/audit/cases").body()).contains("\"signalId\":\"sig_00000000000000000001\"",
				"\"reason\":\"signal review\"");

		HttpResponse<String> file = regulator.get("/regulator/cases/" + CASE_ID);
		assertThat(file.statusCode()).isEqualTo(200);
		assertThat(file.body())
			.contains(CASE_ID, "signal review", "signalId sig_00000000000000000001", "b_000000000000000000000001",
					"17000000001", "MIIT-700-0001", "138****0001", "138****0002", "call-fixture-1", "138****0003",
					"NOT_A_PARTY", "SUSPENDED", "1200, 1201", "class=\"current\">Cases</a>")
			// the console shows the parties masked, though the API answers them in full
			.doesNotContain("13800000001", "13800000002")
			.contains("/regulator/cases/" + CASE_ID + "/export\"",
					"/regulator/cases/" + CASE_ID + "/export?form=attested\"");
		assertThat(regulator.get("/regulator/cases?caseId=" + CASE_ID).headers().firstValue("Location"))
			.hasValueSatisfying(l -> assertThat(l).endsWith("/regulator/cases/" + CASE_ID));
	}

	@Test
	void aCaseExportIsStreamedThroughInTheFormAsked() throws Exception {
		String bundle = "{\"seq\":1200}\n{\"bundle\":\"numshield-case-bundle/1\"}\n";
		GATEWAY.stub("GET", "/v1/audit/cases/" + CASE_ID + "/export", 200, "application/x-ndjson", bundle,
				Map.of("Content-Disposition", "attachment; filename=\"numshield-" + CASE_ID + ".jsonl\""));
		HttpResponse<String> range = regulator.get("/regulator/cases/" + CASE_ID + "/export");
		assertThat(range.statusCode()).isEqualTo(200);
		assertThat(range.body()).isEqualTo(bundle);
		assertThat(range.headers().firstValue("Content-Type"))
			.hasValueSatisfying(t -> assertThat(t).startsWith("application/x-ndjson"));
		assertThat(range.headers().firstValue("Content-Disposition"))
			.hasValueSatisfying(d -> assertThat(d).contains("numshield-" + CASE_ID + ".jsonl"));
		assertThat(last("/v1/audit/cases/" + CASE_ID + "/export").rawQuery()).isEmpty();

		assertThat(regulator.get("/regulator/cases/" + CASE_ID + "/export?form=attested").body()).isEqualTo(bundle);
		assertThat(last("/v1/audit/cases/" + CASE_ID + "/export").rawQuery()).isEqualTo("form=attested");
	}

	@Test
	void anotherRegulatorsCaseIsTheApisNotFound() throws Exception {
		String other = "case-fedcba9876543210fedcba98";
		GATEWAY.stub("GET", "/v1/audit/cases/" + other, 404,
				KeyCheckingGateway.problemJson("CASE_NOT_FOUND", "Case not found", "no such case"));
		HttpResponse<String> page = regulator.get("/regulator/cases/" + other);
		assertThat(page.statusCode()).isEqualTo(404);
		assertThat(page.body()).contains("CASE_NOT_FOUND", "id=\"signed-in-as\"", "href=\"/regulator/cases\"");
		GATEWAY.stub("GET", "/v1/audit/cases/" + other + "/export", 404,
				KeyCheckingGateway.problemJson("CASE_NOT_FOUND", "Case not found", "no such case"));
		HttpResponse<String> export = regulator.get("/regulator/cases/" + other + "/export?form=attested");
		assertThat(export.statusCode()).isEqualTo(404);
		assertThat(export.body()).contains("CASE_NOT_FOUND");
	}

	@Test
	void theDailyReportsPageListsTheFinishedDaysAndStreamsTheSignedCsvThrough() throws Exception {
		String yesterday = java.time.LocalDate.now(java.time.ZoneId.of("Asia/Shanghai")).minusDays(1).toString();
		HttpResponse<String> page = regulator.get("/regulator/reports");
		assertThat(page.statusCode()).isEqualTo(200);
		assertThat(page.body()).contains("/regulator/reports/daily/" + yesterday + "\"",
				"/regulator/reports/daily/" + yesterday + "?part=signature\"", "class=\"current\">Daily reports</a>");

		String csv = "date,platformId,virtualNumber,industrialIds,leasesStarted,leasesEnded,callsRouted,"
				+ "callsConnected,callsRefused,callSeconds\r\n2026-11-30,plat-fixture,17000000001,MIIT-700-0001,3,2,5,3,1,412\r\n";
		GATEWAY.stub("GET", "/v1/audit/reports/daily/2026-11-30", 200, "text/csv;charset=UTF-8", csv,
				Map.of("Content-Disposition", "attachment; filename=\"numshield-daily-2026-11-30.csv\"",
						"NumShield-Signature", "ed25519=c2lnbmF0dXJl", "NumShield-Signature-Key-Id", "ledger-1"));
		HttpResponse<String> report = regulator.get("/regulator/reports/daily/2026-11-30?reason=monthly%20review");
		assertThat(report.statusCode()).isEqualTo(200);
		assertThat(report.body()).isEqualTo(csv);
		assertThat(report.headers().firstValue("Content-Type"))
			.hasValueSatisfying(t -> assertThat(t).startsWith("text/csv"));
		assertThat(report.headers().firstValue("Content-Disposition"))
			.hasValueSatisfying(d -> assertThat(d).contains("numshield-daily-2026-11-30.csv"));
		assertThat(report.headers().firstValue("NumShield-Signature")).hasValue("ed25519=c2lnbmF0dXJl");
		assertThat(report.headers().firstValue("NumShield-Signature-Key-Id")).hasValue("ledger-1");
		assertThat(last("/v1/audit/reports/daily/2026-11-30").rawQuery()).isEqualTo("reason=monthly%20review");

		String signature = "{\"date\":\"2026-11-30\",\"zone\":\"Asia/Shanghai\",\"algorithm\":\"Ed25519\","
				+ "\"keyId\":\"ledger-1\",\"signature\":\"c2lnbmF0dXJl\",\"rowCount\":1}";
		GATEWAY.stub("GET", "/v1/audit/reports/daily/2026-11-30/signature", 200, signature);
		HttpResponse<String> sig = regulator.get("/regulator/reports/daily/2026-11-30?part=signature");
		assertThat(sig.body()).isEqualTo(signature);
		assertThat(sig.headers().firstValue("Content-Disposition"))
			.hasValueSatisfying(d -> assertThat(d).contains("numshield-daily-2026-11-30.sig.json"));
		assertThat(last("/v1/audit/reports/daily/2026-11-30/signature").rawQuery()).isEmpty();

		// the form's day: its download's address
		assertThat(regulator.get("/regulator/reports/daily?date=2026-11-30&part=signature&reason=")
			.headers()
			.firstValue("Location"))
			.hasValueSatisfying(l -> assertThat(l).endsWith("/regulator/reports/daily/2026-11-30?part=signature"));
	}

	@Test
	void aDayNotOverYetIsTheApisReportNotReady() throws Exception {
		GATEWAY.stub("GET", "/v1/audit/reports/daily/2999-01-01", 409, KeyCheckingGateway
			.problemJson("REPORT_NOT_READY", "Report not ready", "2999-01-01 is not over yet in Asia/Shanghai"));
		HttpResponse<String> page = regulator.get("/regulator/reports/daily/2999-01-01");
		assertThat(page.statusCode()).isEqualTo(409);
		assertThat(page.body()).contains("REPORT_NOT_READY", "not over yet", "id=\"signed-in-as\"");
	}

	private static KeyCheckingGateway.Request last(String path) {
		return GATEWAY.requests().reversed().stream().filter(r -> r.path().equals(path)).findFirst().orElseThrow();
	}

}
