package io.numshield.console.regulator;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.numshield.client.NumShieldClient;
import io.numshield.client.Ns1Signature;
import io.numshield.console.operator.GatewayPaths;
import io.numshield.console.session.ApiCallFailed;
import io.numshield.console.session.ApiProblem;
import io.numshield.console.session.GatewayApi;
import io.numshield.console.session.SignedInKey;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The fraud signals raised in a range ({@code GET /v1/audit/signals}), by kind, a page at
 * a time, and one signal with its evidence ({@code GET /v1/audit/signals/{signalId}}).
 * The subject of a PARTY or CALLER signal is shown masked, never its blind index. Not an
 * ACCESS entry: nothing in a signal reveals a number.
 */
@Controller
class SignalsController {

	/** Signals a page shows. */
	static final int PAGE = 50;

	/** The five kinds of ADR 0029, for the filter. */
	static final List<String> KINDS = List.of("PARTY_MANY_PLATFORMS", "CALLER_SCANNING", "PLATFORM_REFUSAL_RATE",
			"NUMBER_RECYCLED_CALLED", "A_MANY_CUSTOMERS");

	private final GatewayApi gateway;

	SignalsController(GatewayApi gateway) {
		this.gateway = gateway;
	}

	@GetMapping("/regulator/signals")
	String signals(@RequestParam(required = false) @Nullable String kind,
			@RequestParam(required = false) @Nullable String from, @RequestParam(required = false) @Nullable String to,
			@RequestParam(required = false) @Nullable String cursor, HttpSession session, Model model) {
		Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
		String start = given(from) ? from.strip() : now.minus(7, ChronoUnit.DAYS).toString();
		String end = given(to) ? to.strip() : now.plus(1, ChronoUnit.MINUTES).toString();
		String chosen = given(kind) ? kind.strip() : "";
		Map<String, String> query = new LinkedHashMap<>();
		query.put("from", start);
		query.put("to", end);
		if (!chosen.isEmpty()) {
			query.put("kind", chosen);
		}
		query.put("limit", Integer.toString(PAGE));
		if (given(cursor)) {
			query.put("cursor", cursor.strip());
		}
		SignalPage page = gateway
			.call(SignedInKey.required(session), "GET", "/v1/audit/signals", Ns1Signature.query(query), null)
			.as(SignalPage.class);
		model.addAttribute("signals", page.signals() == null ? List.of() : page.signals());
		model.addAttribute("nextCursor", page.nextCursor());
		model.addAttribute("kinds", KINDS);
		model.addAttribute("kind", chosen);
		model.addAttribute("from", start);
		model.addAttribute("to", end);
		model.addAttribute("paged", given(cursor));
		return "regulator/signals";
	}

	/**
	 * One signal ({@code GET /v1/audit/signals/{signalId}}); none raised with that id:
	 * the page says so (404). Any other refusal is the API's problem page.
	 */
	@GetMapping("/regulator/signals/{signalId}")
	String signal(@PathVariable String signalId, HttpSession session, Model model, HttpServletResponse response) {
		NumShieldClient.Answer answer = gateway.exchange(SignedInKey.required(session), "GET",
				"/v1/audit/signals/" + GatewayPaths.segment(signalId), null, null);
		Signal found = null;
		if (answer.status() == 404 && "SIGNAL_NOT_FOUND".equals(answer.code())) {
			response.setStatus(404);
		}
		else if (answer.status() >= 300) {
			throw new ApiCallFailed(ApiProblem.of(answer));
		}
		else {
			found = answer.as(Signal.class);
		}
		model.addAttribute("signalId", signalId);
		model.addAttribute("signal", found);
		return "regulator/signal";
	}

	private static boolean given(@Nullable String value) {
		return value != null && !value.isBlank();
	}

	/** A page of {@code GET /v1/audit/signals}. */
	@JsonIgnoreProperties(ignoreUnknown = true)
	public record SignalPage(@Nullable List<Signal> signals, @Nullable String nextCursor) {
	}

	/** A signal as the API answers it (SignalView). */
	@JsonIgnoreProperties(ignoreUnknown = true)
	public record Signal(String signalId, String kind, String raisedAt, Window window, Subject subject,
			BigDecimal observed, @Nullable BigDecimal baseline, BigDecimal threshold, String explanation,
			@Nullable Map<String, Object> evidence, @Nullable Long ledgerSeq) {

		/** The evidence, a line per field: its ids or counts, in the API's order. */
		public List<EvidenceItem> evidenceItems() {
			List<EvidenceItem> items = new ArrayList<>();
			if (evidence != null) {
				evidence.forEach((name, value) -> items.add(new EvidenceItem(name, value instanceof List<?> list
						? list.stream().map(String::valueOf).toList() : List.of(String.valueOf(value)))));
			}
			return items;
		}

	}

	/** The window the figures were counted over: [from, to). */
	@JsonIgnoreProperties(ignoreUnknown = true)
	public record Window(String from, String to) {
	}

	/**
	 * Whom a signal is about; {@link #shown()} is what a page prints: the masked number
	 * of a PARTY or CALLER (never {@code value}, its blind index), the id of a PLATFORM
	 * or VIRTUAL_NUMBER.
	 */
	@JsonIgnoreProperties(ignoreUnknown = true)
	public record Subject(String type, String value, @Nullable String masked) {

		public String shown() {
			if (type.equals("PARTY") || type.equals("CALLER")) {
				return masked != null ? masked : "(masked number not known)";
			}
			return masked != null ? masked : value;
		}

	}

	/** One field of a signal's evidence. */
	public record EvidenceItem(String name, List<String> values) {
	}

}
