package io.numshield.gateway.token;

import io.numshield.core.token.Audience;
import io.numshield.core.token.Role;
import io.numshield.gateway.apikey.ActiveKey;
import io.numshield.gateway.apikey.Caller;
import io.numshield.support.web.Problems;

import jakarta.servlet.http.HttpServletRequest;
import java.time.Instant;

import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /v1/tokens}: a CARRIER key (signed like any request) gets a short-lived
 * token for call-routing's direct path, scoped to the key's pools; no shared secret ever
 * leaves NumShield. {@code GET /.well-known/jwks.json}: the public keys the services
 * verify tokens with.
 */
@RestController
class TokenController {

	private final InternalTokens tokens;

	TokenController(InternalTokens tokens) {
		this.tokens = tokens;
	}

	@PostMapping("/v1/tokens")
	ResponseEntity<?> issue(HttpServletRequest request) {
		ActiveKey key = Caller.keyOf(request);
		if (key == null || key.role() != Role.CARRIER) {
			return ResponseEntity.status(403)
				.contentType(MediaType.APPLICATION_PROBLEM_JSON)
				.body(Problems.json(403, "FORBIDDEN", "only carrier keys obtain tokens for the direct routing path",
						request.getRequestURI()));
		}
		InternalTokens.Issued issued = tokens.carrierToken(key);
		return ResponseEntity.ok()
			.cacheControl(CacheControl.noStore())
			.body(new TokenView(issued.token(), "Bearer", Audience.ROUTING.value(), issued.expiresAt(),
					issued.lifetime().toSeconds(), key.pools()));
	}

	@GetMapping(path = "/.well-known/jwks.json", produces = "application/jwk-set+json")
	ResponseEntity<String> publicKeys() {
		return ResponseEntity.ok()
			.contentType(MediaType.parseMediaType("application/jwk-set+json"))
			.cacheControl(CacheControl.maxAge(java.time.Duration.ofMinutes(5)))
			.body(tokens.publicKeySet());
	}

	record TokenView(String token, String tokenType, String audience, Instant expiresAt, long expiresIn,
			java.util.List<String> pools) {
	}

}
