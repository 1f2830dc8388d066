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
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * Who held a virtual number at an instant ({@code GET /v1/audit/trace}), and in which
 * bindings a real number was a party during a range
 * ({@code POST /v1/audit/party-search}): the holders exactly as the API answers them to a
 * REGULATOR, reason required.
 */
@Controller
class TraceController {

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
		return "regulator/party-search";
	}

	@PostMapping("/regulator/party-search")
	String searched(@RequestParam String party, @RequestParam String from, @RequestParam String to,
			@RequestParam String reason, HttpSession session, Model model) {
		Map<String, String> body = Map.of("party", party.strip(), "from", from.strip(), "to", to.strip(), "reason",
				reason);
		Map<?, ?> answer = gateway.call(SignedInKey.required(session), "POST", "/v1/audit/party-search", null, body)
			.as(Map.class);
		model.addAttribute("holders", holders(answer));
		model.addAttribute("question", "a party between " + from.strip() + " and " + to.strip());
		return "regulator/holders :: holders";
	}

	private static List<?> holders(Map<?, ?> answer) {
		return answer.get("holders") instanceof List<?> list ? list : List.of();
	}

}
