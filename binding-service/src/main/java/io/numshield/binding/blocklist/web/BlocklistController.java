package io.numshield.binding.blocklist.web;

import io.numshield.binding.blocklist.BlocklistService;
import io.numshield.binding.blocklist.BlocklistService.BlockView;
import io.numshield.core.number.RealNumber;
import io.numshield.support.security.CallerIdentity;
import jakarta.validation.Valid;
import io.numshield.core.id.CaseId;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /v1/blocklist}: block a real number; {@code /v1/blocklist/removals}: unblock it.
 */
@RestController
class BlocklistController {

	private final BlocklistService blocklist;

	BlocklistController(BlocklistService blocklist) {
		this.blocklist = blocklist;
	}

	@PostMapping("/v1/blocklist")
	@ResponseStatus(HttpStatus.CREATED)
	BlockView block(@Valid @RequestBody Block request, @AuthenticationPrincipal Jwt jwt) {
		return blocklist.block(RealNumber.parse(request.number()), request.reason(), CallerIdentity.from(jwt).subject(),
				request.caseId());
	}

	@PostMapping("/v1/blocklist/removals")
	BlockView unblock(@Valid @RequestBody Entry request, @AuthenticationPrincipal Jwt jwt) {
		return blocklist.unblock(RealNumber.parse(request.number()), request.reason(),
				CallerIdentity.from(jwt).subject());
	}

	record Entry(@NotBlank @Size(max = 32) String number, @NotBlank @Size(max = 500) String reason) {
	}

	/**
	 * A block, perhaps from a regulator's case file ({@code caseId}, ADR 0030: only its
	 * form is checked here; the case is the audit service's).
	 */
	record Block(@NotBlank @Size(max = 32) String number, @NotBlank @Size(max = 500) String reason,
			@Nullable @Pattern(regexp = CaseId.PATTERN,
					message = "caseId is case- and 24 lowercase hex digits") String caseId) {
	}

}
