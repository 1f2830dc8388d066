package io.numshield.audit.cases.web;

import io.numshield.audit.cases.CaseExport;
import io.numshield.audit.cases.CaseSource;
import io.numshield.audit.cases.Cases;
import io.numshield.audit.cases.Cases.CaseFile;
import io.numshield.audit.cases.Cases.Opened;
import io.numshield.audit.ledger.QueryLimiter;
import io.numshield.audit.ledger.QueryRange;
import io.numshield.core.id.CaseId;
import io.numshield.core.number.RealNumber;
import io.numshield.core.number.VirtualNumber;
import io.numshield.core.redis.BindingId;
import io.numshield.support.security.CallerIdentity;
import io.numshield.support.web.ApiException;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /v1/audit/cases} (REGULATOR, ADR 0030): open a case from exactly one source (a
 * signal, a trace, a binding, a party), read it (its opener only), export it as a signed
 * bundle. Checked before anything is read or stored: a bad request stores nothing and
 * writes no ledger entry.
 */
@RestController
class CaseController {

	private final Cases cases;

	private final CaseExport export;

	private final QueryLimiter limiter;

	CaseController(Cases cases, CaseExport export, QueryLimiter limiter) {
		this.cases = cases;
		this.export = export;
		this.limiter = limiter;
	}

	/**
	 * The reason (as every regulator's), and one source: {@code signalId};
	 * {@code virtualNumber} with {@code at}; {@code bindingId}; or {@code phone} with
	 * {@code from} and {@code to}.
	 */
	record OpenCase(@NotBlank @Size(max = 500) String reason,
			@Nullable @Pattern(regexp = "[A-Za-z0-9._:-]{1,32}") String signalId, @Nullable String virtualNumber,
			@Nullable String at, @Nullable String bindingId, @Nullable @Size(max = 32) String phone,
			@Nullable String from, @Nullable String to) {
	}

	@PostMapping("/v1/audit/cases")
	ResponseEntity<Opened> open(@Valid @RequestBody OpenCase request, @AuthenticationPrincipal Jwt jwt) {
		CaseSource source = source(request);
		Opened opened = cases.open(CallerIdentity.from(jwt), source, request.reason().strip());
		return ResponseEntity.created(URI.create("/v1/audit/cases/" + opened.caseId())).body(opened);
	}

	@GetMapping("/v1/audit/cases/{caseId}")
	CaseFile read(@PathVariable String caseId, @AuthenticationPrincipal Jwt jwt) {
		return cases.read(CallerIdentity.from(jwt), checked(caseId));
	}

	@GetMapping("/v1/audit/cases/{caseId}/export")
	void export(@PathVariable String caseId, @RequestParam(required = false) @Nullable String form,
			@AuthenticationPrincipal Jwt jwt, HttpServletResponse response) {
		String id = checked(caseId);
		CaseExport.Form asked = form(form);
		limiter.run(() -> export.export(CallerIdentity.from(jwt), id, asked, () -> {
			response.setStatus(HttpStatus.OK.value());
			response.setContentType("application/x-ndjson");
			response.setHeader("Content-Disposition", "attachment; filename=\"numshield-" + id + ".jsonl\"");
			return response.getOutputStream();
		}));
	}

	/** {@code range}, {@code attested}, or none: the service chooses (ADR 0030). */
	private static CaseExport.@Nullable Form form(@Nullable String form) {
		if (form == null) {
			return null;
		}
		return switch (form) {
			case "range" -> CaseExport.Form.RANGE;
			case "attested" -> CaseExport.Form.ATTESTED;
			default -> throw invalid("form is range or attested");
		};
	}

	private static String checked(String caseId) {
		if (!CaseId.isValid(caseId)) {
			throw invalid("caseId is case- and 24 lowercase hex digits");
		}
		return caseId;
	}

	private static CaseSource source(OpenCase r) {
		List<String> given = new ArrayList<>();
		if (r.signalId() != null) {
			given.add("signalId");
		}
		if (r.virtualNumber() != null || r.at() != null) {
			given.add("virtualNumber and at");
		}
		if (r.bindingId() != null) {
			given.add("bindingId");
		}
		if (r.phone() != null || r.from() != null || r.to() != null) {
			given.add("phone, from and to");
		}
		if (given.size() != 1) {
			throw invalid("give exactly one source: signalId; virtualNumber and at; bindingId; or phone, from and to"
					+ (given.isEmpty() ? "" : " (given: " + String.join("; ", given) + ")"));
		}
		if (r.signalId() != null) {
			return new CaseSource.FromSignal(r.signalId());
		}
		if (r.virtualNumber() != null || r.at() != null) {
			if (r.virtualNumber() == null || r.at() == null) {
				throw invalid("virtualNumber and at go together");
			}
			return new CaseSource.FromTrace(VirtualNumber.parse(r.virtualNumber()), QueryRange.instant("at", r.at()));
		}
		if (r.bindingId() != null) {
			if (!BindingId.isValid(r.bindingId())) {
				throw invalid("bindingId is not a binding id");
			}
			return new CaseSource.FromBinding(r.bindingId());
		}
		if (r.phone() == null || r.from() == null || r.to() == null) {
			throw invalid("phone, from and to go together");
		}
		RealNumber party = RealNumber.parse(r.phone());
		QueryRange range = QueryRange.ordered(r.from(), r.to());
		return new CaseSource.FromParty(party, range.from(), range.to());
	}

	private static ApiException invalid(String detail) {
		return new ApiException(HttpStatus.BAD_REQUEST, "VALIDATION_FAILED", detail);
	}

}
