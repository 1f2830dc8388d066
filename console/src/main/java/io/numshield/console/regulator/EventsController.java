package io.numshield.console.regulator;

import io.numshield.client.Ns1Signature;
import io.numshield.console.session.GatewayApi;
import io.numshield.console.session.SignedInKey;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The events of a time range ({@code GET /v1/audit/events}), downloaded as JSONL or CSV:
 * the console streams the API's answer through as it arrives (parties masked, as the API
 * writes them), holding none of it. The export is an ACCESS entry with the reason.
 */
@Controller
class EventsController {

	private final GatewayApi gateway;

	EventsController(GatewayApi gateway) {
		this.gateway = gateway;
	}

	@GetMapping("/regulator/events")
	String events(Model model) {
		Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
		model.addAttribute("from", now.minus(1, ChronoUnit.HOURS).toString());
		model.addAttribute("to", now.plus(1, ChronoUnit.MINUTES).toString());
		return "regulator/events";
	}

	@GetMapping("/regulator/events/export")
	void export(@RequestParam String from, @RequestParam String to, @RequestParam String reason,
			@RequestParam(defaultValue = "jsonl") String format, @RequestParam(required = false) @Nullable String type,
			@RequestParam(required = false) @Nullable String platformId,
			@RequestParam(required = false) @Nullable String virtualNumber, HttpSession session,
			HttpServletResponse response) throws IOException {
		SignedInKey key = SignedInKey.required(session);
		Map<String, String> query = new LinkedHashMap<>();
		query.put("from", from.strip());
		query.put("to", to.strip());
		query.put("reason", reason);
		query.put("format", format);
		putIfGiven(query, "type", type);
		putIfGiven(query, "platformId", platformId);
		putIfGiven(query, "virtualNumber", virtualNumber);
		gateway.streamThrough(key, "/v1/audit/events", Ns1Signature.query(query), "events." + format, true, List.of(),
				response);
	}

	private static void putIfGiven(Map<String, String> query, String name, @Nullable String value) {
		if (value != null && !value.isBlank()) {
			query.put(name, value.strip());
		}
	}

}
