package io.numshield.binding.blocklist.web;

import io.numshield.binding.blocklist.BlocklistService.BlockView;
import io.numshield.binding.blocklist.PlatformBlocklistService;
import io.numshield.binding.blocklist.PlatformBlocklistService.Listing;
import io.numshield.core.number.RealNumber;
import io.numshield.core.problem.ProblemCode;
import io.numshield.core.problem.Refusal;
import io.numshield.support.security.CallerIdentity;
import io.numshield.support.web.ApiException;
import jakarta.validation.Valid;

import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /v1/platform-blocklist}: a platform's own blocklist (PLATFORM, ADR 0025), the
 * platform from the token: add, remove ({@code /removals}), list. Numbers only in bodies,
 * never in URLs.
 */
@RestController
class PlatformBlocklistController {

	private final PlatformBlocklistService blocklists;

	PlatformBlocklistController(PlatformBlocklistService blocklists) {
		this.blocklists = blocklists;
	}

	@PostMapping("/v1/platform-blocklist")
	@ResponseStatus(HttpStatus.CREATED)
	BlockView block(@Valid @RequestBody BlocklistController.Entry request, @AuthenticationPrincipal Jwt jwt) {
		CallerIdentity caller = CallerIdentity.from(jwt);
		return blocklists.block(platform(caller), RealNumber.parse(request.number()), request.reason(),
				caller.subject());
	}

	@PostMapping("/v1/platform-blocklist/removals")
	BlockView unblock(@Valid @RequestBody BlocklistController.Entry request, @AuthenticationPrincipal Jwt jwt) {
		CallerIdentity caller = CallerIdentity.from(jwt);
		return blocklists.unblock(platform(caller), RealNumber.parse(request.number()), request.reason(),
				caller.subject());
	}

	@GetMapping("/v1/platform-blocklist")
	Listing list(@RequestParam(defaultValue = "100") int limit, @RequestParam(defaultValue = "0") int page,
			@AuthenticationPrincipal Jwt jwt) {
		if (limit < 1 || limit > PlatformBlocklistService.MAX_LIMIT || page < 0) {
			throw new Refusal(ProblemCode.VALIDATION_FAILED,
					"limit must be 1.." + PlatformBlocklistService.MAX_LIMIT + " and page 0 or more");
		}
		return blocklists.list(platform(CallerIdentity.from(jwt)), limit, page);
	}

	private static String platform(CallerIdentity caller) {
		String platformId = caller.platformId();
		if (platformId == null) {
			throw new ApiException(HttpStatus.FORBIDDEN, "FORBIDDEN", "a PLATFORM token names its platform");
		}
		return platformId;
	}

}
