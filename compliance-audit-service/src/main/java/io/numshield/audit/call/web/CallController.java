package io.numshield.audit.call.web;

import io.numshield.core.problem.ProblemCode;
import io.numshield.core.problem.Refusal;
import io.numshield.audit.call.CallHistory;
import io.numshield.audit.call.CallHistory.Page;
import io.numshield.audit.ledger.QueryProperties;
import io.numshield.audit.ledger.QueryRange;
import io.numshield.core.redis.BindingId;
import io.numshield.support.security.CallerIdentity;

import java.time.Duration;

import org.jspecify.annotations.Nullable;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * A platform's own call records (PLATFORM keys): {@code GET /v1/bindings/{id}/calls} and
 * {@code GET /v1/calls?from&to}, paged by an opaque cursor, oldest first. The platform is
 * the token's; another platform's records are never shown.
 */
@RestController
class CallController {

	private final CallHistory history;

	private final Duration maxSpan;

	CallController(CallHistory history, QueryProperties limits) {
		this.history = history;
		this.maxSpan = limits.maxSpan();
	}

	@GetMapping("/v1/bindings/{bindingId}/calls")
	Page ofBinding(@PathVariable String bindingId, @RequestParam(defaultValue = "50") int limit,
			@RequestParam(required = false) @Nullable String cursor, @AuthenticationPrincipal Jwt jwt) {
		String platformId = platform(jwt);
		if (!bindingId.matches(BindingId.PATTERN)) {
			throw new Refusal(ProblemCode.BINDING_NOT_FOUND, "no binding " + bindingId);
		}
		return history.ofBinding(platformId, bindingId, limit, cursor);
	}

	@GetMapping("/v1/calls")
	Page inRange(@RequestParam String from, @RequestParam String to, @RequestParam(defaultValue = "50") int limit,
			@RequestParam(required = false) @Nullable String cursor, @AuthenticationPrincipal Jwt jwt) {
		QueryRange range = QueryRange.bounded(from, to, maxSpan);
		return history.inRange(platform(jwt), range.from(), range.to(), limit, cursor);
	}

	static String platform(Jwt jwt) {
		String platformId = CallerIdentity.from(jwt).platformId();
		if (platformId == null) {
			// the security rules let only PLATFORM tokens here, and those carry one
			throw new Refusal(ProblemCode.FORBIDDEN, "a platform's key is needed");
		}
		return platformId;
	}

	private static Refusal invalid(String detail) {
		return new Refusal(ProblemCode.VALIDATION_FAILED, detail);
	}

}
