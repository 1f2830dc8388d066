package io.numshield.console.regulator;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.numshield.console.operator.GatewayPaths;
import io.numshield.console.session.GatewayApi;
import io.numshield.console.session.SignedInKey;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * Case files (ADR 0030): open one from a signal ({@code POST /v1/audit/cases} with its
 * {@code signalId} and a reason), read one ({@code GET /v1/audit/cases/{caseId}}, its
 * opener only: the bindings, the call records, the actions taken), and download its
 * signed bundle ({@code GET /v1/audit/cases/{caseId}/export}, the range form or
 * {@code ?form=attested}), streamed through as the events export is. The API has no list
 * of cases: the cases page opens one by its id. The parties of the case's bindings are
 * shown masked, as every number of the console's pages.
 */
@Controller
class CasesController {

	private static final Pattern CASE_ID = Pattern.compile("case-[0-9a-f]{24}");

	private final GatewayApi gateway;

	CasesController(GatewayApi gateway) {
		this.gateway = gateway;
	}

	/** The cases page: a case by its id. */
	@GetMapping("/regulator/cases")
	String cases(@RequestParam(required = false) @Nullable String caseId, Model model) {
		if (caseId != null && !caseId.isBlank()) {
			return "redirect:/regulator/cases/" + GatewayPaths.segment(caseId.strip());
		}
		return "regulator/cases";
	}

	@PostMapping("/regulator/cases")
	String open(@RequestParam String signalId, @RequestParam String reason, HttpSession session) {
		Opened opened = gateway
			.call(SignedInKey.required(session), "POST", "/v1/audit/cases", null,
					Map.of("signalId", signalId.strip(), "reason", reason))
			.as(Opened.class);
		return "redirect:/regulator/cases/" + GatewayPaths.segment(opened.caseId());
	}

	@GetMapping("/regulator/cases/{caseId}")
	String file(@PathVariable String caseId, HttpSession session, Model model) {
		CaseFile file = gateway
			.call(SignedInKey.required(session), "GET", "/v1/audit/cases/" + GatewayPaths.segment(caseId), null, null)
			.as(CaseFile.class);
		model.addAttribute("file", file);
		return "regulator/case";
	}

	@GetMapping("/regulator/cases/{caseId}/export")
	void export(@PathVariable String caseId, @RequestParam(required = false) @Nullable String form, HttpSession session,
			HttpServletResponse response) throws IOException {
		SignedInKey key = SignedInKey.required(session);
		String asked = form == null || form.isBlank() ? null : form.strip();
		String query = asked == null ? null : "form=" + GatewayPaths.segment(asked);
		String name = CASE_ID.matcher(caseId).matches() ? caseId : "case";
		gateway.streamThrough(key, "/v1/audit/cases/" + GatewayPaths.segment(caseId) + "/export", query,
				"numshield-" + name + ".jsonl", true, List.of(), response);
	}

	/**
	 * A number as the console's pages show it: the first three and last four digits of
	 * the national number ({@code +86} dropped), as the API masks; null stays null.
	 */
	static @Nullable String masked(@Nullable String number) {
		if (number == null) {
			return null;
		}
		String national = number.startsWith("+86") ? number.substring(3)
				: number.startsWith("+") ? number.substring(1) : number;
		if (national.contains("*") || national.length() < 8) {
			return national.contains("*") ? national : "****";
		}
		return national.substring(0, 3) + "****" + national.substring(national.length() - 4);
	}

	/** What {@code POST /v1/audit/cases} answers: the references, no number. */
	@JsonIgnoreProperties(ignoreUnknown = true)
	public record Opened(String caseId) {
	}

	/** A case as its opener reads it (the API's CaseFile). */
	@JsonIgnoreProperties(ignoreUnknown = true)
	public record CaseFile(String caseId, String openedAt, String openedBy, String reason,
			@Nullable Map<String, Object> source, boolean truncated, @Nullable List<Holding> bindings,
			@Nullable List<CallItem> calls, @Nullable List<String> platformIds, @Nullable List<String> orderIds,
			@Nullable List<Long> ledgerSeqs, @Nullable List<Action> actions) {

		public List<Holding> bindingList() {
			return bindings == null ? List.of() : bindings;
		}

		public List<CallItem> callList() {
			return calls == null ? List.of() : calls;
		}

		public List<Action> actionList() {
			return actions == null ? List.of() : actions;
		}

		/** The source, as {@code name value} pairs (a party in it is masked already). */
		public String sourceText() {
			if (source == null || source.isEmpty()) {
				return "";
			}
			StringBuilder out = new StringBuilder();
			source.forEach((name, value) -> out.append(out.isEmpty() ? "" : ", ")
				.append(name)
				.append(' ')
				.append(name.equals("phone") ? masked(String.valueOf(value)) : value));
			return out.toString();
		}

	}

	/**
	 * A holding of the case, as trace answers it; {@link #maskedA()} and
	 * {@link #maskedB()} are what the page shows of the parties.
	 */
	@JsonIgnoreProperties(ignoreUnknown = true)
	public record Holding(String bindingId, @Nullable String platformId, @Nullable String orderId,
			@Nullable String virtualNumber, @Nullable String mode, @Nullable String heldFrom,
			@Nullable String heldUntil, @Nullable String releaseReason, @Nullable String partyA,
			@Nullable String partyB, @Nullable String industrialId) {

		public @Nullable String maskedA() {
			return masked(partyA);
		}

		public @Nullable String maskedB() {
			return masked(partyB);
		}

	}

	/** A call record of the case (the caller masked by the API). */
	@JsonIgnoreProperties(ignoreUnknown = true)
	public record CallItem(String callId, @Nullable String bindingId, @Nullable String platformId,
			@Nullable String virtualNumber, @Nullable String callType, @Nullable String caller,
			@Nullable String callerRole, @Nullable String action, @Nullable String reason, @Nullable String startedAt,
			@Nullable Integer talkSeconds) {

		public @Nullable String maskedCaller() {
			return masked(caller);
		}

	}

	/** An action taken from the case (its number masked by the API). */
	@JsonIgnoreProperties(ignoreUnknown = true)
	public record Action(long seq, String type, String occurredAt, @Nullable String platformId, @Nullable String number,
			@Nullable String status, @Nullable String reason, @Nullable String by) {

		public @Nullable String maskedNumber() {
			return masked(number);
		}

	}

}
