package io.numshield.console.regulator;

import io.numshield.client.Ns1Signature;
import io.numshield.console.session.GatewayApi;
import io.numshield.console.session.SignedInKey;
import jakarta.servlet.http.HttpSession;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * Ledger verification over a range ({@code GET /v1/audit/verify}) and the latest signed
 * checkpoint of the last 30 days (the API answers at most 31 at once)
 * ({@code GET /v1/audit/checkpoints}) with the key that signs them
 * ({@code GET /v1/audit/checkpoints/key}). The API takes no reason for these: they show
 * no personal data.
 */
@Controller
class LedgerController {

	private final GatewayApi gateway;

	LedgerController(GatewayApi gateway) {
		this.gateway = gateway;
	}

	@GetMapping("/regulator/ledger")
	String ledger(HttpSession session, Model model) {
		SignedInKey key = SignedInKey.required(session);
		Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
		model.addAttribute("from", now.minus(1, ChronoUnit.DAYS).toString());
		model.addAttribute("to", now.plus(1, ChronoUnit.MINUTES).toString());
		Map<?, ?> checkpoints = gateway
			.call(key, "GET", "/v1/audit/checkpoints", Ns1Signature.query(Map.of("from",
					now.minus(30, ChronoUnit.DAYS).toString(), "to", now.plus(1, ChronoUnit.MINUTES).toString())), null)
			.as(Map.class);
		List<?> list = checkpoints.get("checkpoints") instanceof List<?> all ? all : List.of();
		model.addAttribute("checkpoint", list.isEmpty() ? null : list.get(list.size() - 1));
		model.addAttribute("checkpointCount", list.size());
		model.addAttribute("signingKey",
				gateway.call(key, "GET", "/v1/audit/checkpoints/key", null, null).as(Map.class));
		return "regulator/ledger";
	}

	@PostMapping("/regulator/ledger/verify")
	String verify(@RequestParam String from, @RequestParam String to, HttpSession session, Model model) {
		Map<?, ?> answer = gateway
			.call(SignedInKey.required(session), "GET", "/v1/audit/verify",
					Ns1Signature.query(Map.of("from", from.strip(), "to", to.strip())), null)
			.as(Map.class);
		model.addAttribute("verification", answer);
		return "regulator/ledger :: verification";
	}

}
