package io.numshield.console.regulator;

import io.numshield.client.Ns1Signature;
import io.numshield.console.operator.GatewayPaths;
import io.numshield.console.session.GatewayApi;
import io.numshield.console.session.SignedInKey;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The 700 pilot's signed daily reports (ADR 0028): the last days that are over in
 * Asia/Shanghai, each downloadable through the console as the API's CSV ({@code GET
 * /v1/audit/reports/daily/{date}}, its {@code NumShield-Signature} header passed on) or
 * its signature document ({@code …/signature}), streamed through as they arrive. The API
 * lists no reports: any finished day can be asked for; each answer is an ACCESS entry
 * with the reason (the API's default when none is given).
 */
@Controller
class ReportsController {

	/** The reporting zone of the API (a day is ready once it is over there). */
	static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");

	/** The finished days the page lists. */
	static final int DAYS = 7;

	private static final Pattern DAY = Pattern.compile("[0-9]{4}-[0-9]{2}-[0-9]{2}");

	private static final List<String> PASSED_ON = List.of("NumShield-Signature", "NumShield-Signature-Key-Id");

	private final GatewayApi gateway;

	private final Clock clock = Clock.systemUTC();

	ReportsController(GatewayApi gateway) {
		this.gateway = gateway;
	}

	@GetMapping("/regulator/reports")
	String reports(Model model) {
		LocalDate today = LocalDate.now(clock.withZone(ZONE));
		List<String> days = new ArrayList<>();
		for (int i = 1; i <= DAYS; i++) {
			days.add(today.minusDays(i).toString());
		}
		model.addAttribute("days", days);
		model.addAttribute("yesterday", days.get(0));
		return "regulator/reports";
	}

	/** The form's day: its download's address. */
	@GetMapping("/regulator/reports/daily")
	String day(@RequestParam String date, @RequestParam(defaultValue = "csv") String part,
			@RequestParam(required = false) @Nullable String reason) {
		Map<String, String> query = new LinkedHashMap<>();
		query.put("part", part.equals("signature") ? "signature" : "csv");
		if (reason != null && !reason.isBlank()) {
			query.put("reason", reason);
		}
		return "redirect:/regulator/reports/daily/" + GatewayPaths.segment(date.strip()) + "?"
				+ Ns1Signature.query(query);
	}

	/** A day's report ({@code part=csv}, the default) or its signature document. */
	@GetMapping("/regulator/reports/daily/{date}")
	void daily(@PathVariable String date, @RequestParam(defaultValue = "csv") String part,
			@RequestParam(required = false) @Nullable String reason, HttpSession session, HttpServletResponse response)
			throws IOException {
		SignedInKey key = SignedInKey.required(session);
		boolean signature = part.equals("signature");
		String path = "/v1/audit/reports/daily/" + GatewayPaths.segment(date.strip()) + (signature ? "/signature" : "");
		String query = reason == null || reason.isBlank() ? null : Ns1Signature.query(Map.of("reason", reason));
		String name = "numshield-daily-" + (DAY.matcher(date).matches() ? date : "report")
				+ (signature ? ".sig.json" : ".csv");
		gateway.streamThrough(key, path, query, name, !signature, PASSED_ON, response);
	}

}
