package io.numshield.console.regulator;

import static org.assertj.core.api.Assertions.assertThat;

import io.numshield.console.session.ConsoleBrowser;
import io.numshield.console.session.KeyCheckingGateway;
import java.net.URLDecoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
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
			.contains("/regulator/signals/sig_00000000000000000001?at=2026-12-01T10:02:03.456Z");
		KeyCheckingGateway.Request asked = last("/v1/audit/signals");
		assertThat(asked.role()).isEqualTo("REGULATOR");
		assertThat(asked.rawQuery()).contains("kind=CALLER_SCANNING", "limit=50", "from=", "to=");
	}

	@Test
	void aSignalsPageShowsItsEvidenceFoundAmongThoseRaisedInItsSecond() throws Exception {
		HttpResponse<String> page = regulator
			.get("/regulator/signals/sig_00000000000000000001?at=2026-12-01T10:02:03.456Z&kind=CALLER_SCANNING");
		assertThat(page.statusCode()).isEqualTo(200);
		assertThat(page.body())
			.contains("b_000000000000000000000001", "b_000000000000000000000002", "call-fixture-1", "1234",
					"138****0000")
			.doesNotContain("bidx-7f3a9c0e5d21")
			.doesNotContain("plat-fixture");
		String query = URLDecoder.decode(last("/v1/audit/signals").rawQuery(), StandardCharsets.UTF_8);
		assertThat(query).contains("from=2026-12-01T10:02:03Z", "to=2026-12-01T10:02:04Z", "kind=CALLER_SCANNING");

		GATEWAY.stub("GET", "/v1/audit/signals", 200, "{\"signals\":[],\"nextCursor\":null}");
		assertThat(regulator.get("/regulator/signals/sig_00000000000000000009?at=2026-12-01T10:02:03Z").body())
			.contains("No such signal");
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

	private static KeyCheckingGateway.Request last(String path) {
		return GATEWAY.requests().reversed().stream().filter(r -> r.path().equals(path)).findFirst().orElseThrow();
	}

}
