package io.numshield.client;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

import java.time.Instant;
import java.util.List;

/**
 * {@code POST /v1/tokens} (CARRIER): a short-lived token (15 minutes) for calling
 * call-routing-service's {@code POST /v1/call-routes} and {@code POST /v1/call-events}
 * directly, as {@code Authorization: Bearer <token>}, scoped to the key's pools. Fetch a
 * new one before {@code expiresAt}; keep it out of logs.
 *
 * @param token the ES256 JWT
 * @param tokenType {@code Bearer}
 * @param audience {@code numshield-routing}
 * @param expiresAt when it stops being accepted
 * @param expiresIn its lifetime in seconds (900)
 * @param pools the pools whose numbers it may route
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record CarrierToken(String token, String tokenType, String audience, Instant expiresAt, long expiresIn,
		List<String> pools) {

	/** Not the token itself, so that a log line never carries it. */
	@Override
	public String toString() {
		return "CarrierToken[tokenType=" + tokenType + ", audience=" + audience + ", expiresAt=" + expiresAt
				+ ", pools=" + pools + "]";
	}
}
