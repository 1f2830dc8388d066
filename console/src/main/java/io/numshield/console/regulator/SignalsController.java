package io.numshield.console.regulator;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.numshield.client.Ns1Signature;
import io.numshield.console.session.GatewayApi;
import io.numshield.console.session.SignedInKey;
import jakarta.servlet.http.HttpSession;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.format.DateTimeParseException;
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
 * a time, and one signal with its evidence. The API has no look-up by signal id: a
 * signal's page asks for the signals raised at its {@code raisedAt} (the second it was
 * raised in) and picks it out. The subject of a PARTY or CALLER signal is shown masked,
 * never its blind index. Not an ACCESS entry: nothing in a signal reveals a number.
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
	 * One signal: found among those raised in the second of {@code at} (its
	 * {@code raisedAt}), of its kind when given; none: the page says so (404).
	 */
	@GetMapping("/regulator/signals/{signalId}")
	String signal(@PathVariable String signalId, @RequestParam String at,
			@RequestParam(required = false) @Nullable String kind, HttpSession session, Model model) {
		SignedInKey key = SignedInKey.required(session);
		Instant raisedAt;
		try {
			raisedAt = Instant.parse(at.strip());
		}
		catch (DateTimeParseException ex) {
			raisedAt = null;
		}
		Signal found = null;
		if (raisedAt != null) {
			Instant second = raisedAt.truncatedTo(ChronoUnit.SECONDS);
			String cursor = null;
			// a few pages at most: signals raised in one second are one detector run's
			for (int pages = 0; found == null && pages < 5; pages++) {
				Map<String, String> query = new LinkedHashMap<>();
				query.put("from", second.toString());
				query.put("to", second.plusSeconds(1).toString());
				if (given(kind)) {
					query.put("kind", kind.strip());
				}
				query.put("limit", "200");
				if (cursor != null) {
					query.put("cursor", cursor);
				}
				SignalPage page = gateway.call(key, "GET", "/v1/audit/signals", Ns1Signature.query(query), null)
					.as(SignalPage.class);
				for (Signal s : page.signals() == null ? List.<Signal>of() : page.signals()) {
					if (s.signalId().equals(signalId)) {
						found = s;
					}
				}
				cursor = page.nextCursor();
				if (cursor == null) {
					break;
				}
			}
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
