package io.numshield.console.regulator;

import io.numshield.client.Ns1Signature;
import io.numshield.console.session.GatewayApi;
import io.numshield.console.session.SignedInKey;
import jakarta.servlet.http.HttpSession;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * Who held a virtual number at an instant ({@code GET /v1/audit/trace}), and in which
 * bindings a real number was a party during a range ({@code POST /v1/audit/party-search},
 * by number or by ID document): the holders exactly as the API answers them to a
 * REGULATOR, reason required, with their industrial ids; for a party search also the
 * platforms' real-name reports and the AXG groups it was a member of.
 */
@Controller
class TraceController {

	/** The ID documents a real-name report names ({@code idType}, API document). */
	static final List<String> ID_TYPES = List.of("ID_CARD", "PASSPORT", "HK_MACAO_PERMIT", "TAIWAN_PERMIT");

	private final GatewayApi gateway;

	TraceController(GatewayApi gateway) {
		this.gateway = gateway;
	}

	@GetMapping("/regulator/trace")
	String trace(Model model) {
		model.addAttribute("now", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
		return "regulator/trace";
	}

	@PostMapping("/regulator/trace")
	String traced(@RequestParam String virtualNumber, @RequestParam String at, @RequestParam String reason,
			HttpSession session, Model model) {
		Map<String, String> query = new LinkedHashMap<>();
		query.put("virtualNumber", virtualNumber.strip());
		query.put("at", at.strip());
		query.put("reason", reason);
		Map<?, ?> answer = gateway
			.call(SignedInKey.required(session), "GET", "/v1/audit/trace", Ns1Signature.query(query), null)
			.as(Map.class);
		model.addAttribute("holders", holders(answer));
		model.addAttribute("question", "held " + virtualNumber.strip() + " at " + at.strip());
		return "regulator/holders :: holders";
	}

	@GetMapping("/regulator/party-search")
	String partySearch(Model model) {
		Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
		model.addAttribute("from", now.minus(1, ChronoUnit.DAYS).toString());
		model.addAttribute("to", now.plus(1, ChronoUnit.MINUTES).toString());
		model.addAttribute("idTypes", ID_TYPES);
		return "regulator/party-search";
	}

	@PostMapping("/regulator/party-search")
	String searched(@RequestParam(required = false) @Nullable String party,
			@RequestParam(required = false) @Nullable String idType,
			@RequestParam(required = false) @Nullable String idNumber, @RequestParam String from,
			@RequestParam String to, @RequestParam String reason, HttpSession session, Model model) {
		// a number, a document, or both: the API says which is missing
		Map<String, String> body = new LinkedHashMap<>();
		if (given(party)) {
			body.put("party", party.strip());
		}
		if (given(idNumber)) {
			body.put("idType", given(idType) ? idType.strip() : "");
			body.put("idNumber", idNumber.strip());
		}
		body.put("from", from.strip());
		body.put("to", to.strip());
		body.put("reason", reason);
		Map<?, ?> answer = gateway.call(SignedInKey.required(session), "POST", "/v1/audit/party-search", null, body)
			.as(Map.class);
		model.addAttribute("holders", holders(answer));
		model.addAttribute("identityReports", list(answer, "identityReports"));
		model.addAttribute("groups", list(answer, "groups"));
		model.addAttribute("question",
				"of " + (given(party) ? "a party" : "a document") + " between " + from.strip() + " and " + to.strip());
		return "regulator/holders :: holders";
	}

	private static List<?> list(Map<?, ?> answer, String name) {
		return answer.get(name) instanceof List<?> list ? list : List.of();
	}

	private static boolean given(@Nullable String value) {
		return value != null && !value.isBlank();
	}

	private static List<?> holders(Map<?, ?> answer) {
		return answer.get("holders") instanceof List<?> list ? list : List.of();
	}

}
