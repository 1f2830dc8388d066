package io.numshield.binding.identity.web;

import io.numshield.binding.identity.IdentityReportView;
import io.numshield.binding.identity.IdentityReports;
import io.numshield.core.identity.IdType;
import io.numshield.core.identity.Identity;
import io.numshield.core.number.RealNumber;
import io.numshield.core.problem.ProblemCode;
import io.numshield.core.problem.Refusal;
import io.numshield.support.security.CallerIdentity;
import io.numshield.support.web.ApiException;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /v1/identity-reports}: a platform reports who holds a party A number (Alibaba's
 * CreatePhoneNoAReport), reads a report, finds its reports of a phone (a POST: the phone
 * stays out of the URL). The platform comes from the token; another platform's report is
 * not found.
 */
@RestController
class IdentityReportController {

	private final IdentityReports reports;

	IdentityReportController(IdentityReports reports) {
		this.reports = reports;
	}

	@PostMapping("/v1/identity-reports")
	@ResponseStatus(HttpStatus.CREATED)
	IdentityReportView create(@Valid @RequestBody CreateReport request, @AuthenticationPrincipal Jwt jwt) {
		CallerIdentity caller = CallerIdentity.from(jwt);
		RealNumber phone = RealNumber.parse(request.phone());
		Identity identity;
		try {
			identity = Identity.of(phone, request.name(), request.idType(), request.idNumber());
		}
		catch (IllegalArgumentException ex) {
			// the message names the rule, never the value (Identity)
			throw new Refusal(ProblemCode.VALIDATION_FAILED, ex.getMessage());
		}
		return reports.report(platform(caller), identity, request.validUntil(), caller.subject());
	}

	@GetMapping("/v1/identity-reports/{reportId}")
	IdentityReportView get(@PathVariable String reportId, @AuthenticationPrincipal Jwt jwt) {
		return reports.get(platform(CallerIdentity.from(jwt)), reportId);
	}

	/**
	 * The platform's reports of a phone. A POST with the phone in the body (API change
	 * 36): a real number in a URL's query ends up in access logs. {@code GET
	 * /v1/identity-reports} is no longer served (405).
	 */
	@PostMapping("/v1/identity-reports/search")
	Map<String, List<IdentityReportView>> search(@Valid @RequestBody SearchReports request,
			@AuthenticationPrincipal Jwt jwt) {
		return Map.of("identityReports",
				reports.byPhone(platform(CallerIdentity.from(jwt)), RealNumber.parse(request.phone())));
	}

	private static String platform(CallerIdentity caller) {
		String platformId = caller.platformId();
		if (platformId == null) {
			throw new ApiException(HttpStatus.FORBIDDEN, "FORBIDDEN", "a PLATFORM token names its platform");
		}
		return platformId;
	}

	record CreateReport(@NotBlank @Size(max = 32) String phone, @NotNull @Size(max = 400) String name,
			@NotNull IdType idType, @NotBlank @Size(max = 40) String idNumber, @Nullable Instant validUntil) {
	}

	record SearchReports(@NotBlank @Size(max = 32) String phone) {
	}

}
