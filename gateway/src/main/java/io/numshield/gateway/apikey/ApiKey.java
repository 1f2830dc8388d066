package io.numshield.gateway.apikey;

import io.numshield.core.token.Role;

import java.time.Instant;

/** An API key as stored, without its secret. */
record ApiKey(String keyId, Role role, String platformId, String description, Integer ratePerSecond,
		Instant createdAt, Instant revokedAt) {

	boolean active() {
		return revokedAt == null;
	}
}
