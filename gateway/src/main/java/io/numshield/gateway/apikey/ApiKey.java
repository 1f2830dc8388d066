package io.numshield.gateway.apikey;

import io.numshield.core.token.Role;

import java.time.Instant;
import java.util.List;

/** An API key as stored, without its secret; {@code pools} only for a CARRIER (empty otherwise). */
record ApiKey(String keyId, Role role, String platformId, List<String> pools, String description,
		Integer ratePerSecond, Instant createdAt, Instant revokedAt) {

	ApiKey {
		pools = pools == null ? List.of() : List.copyOf(pools);
	}

	boolean active() {
		return revokedAt == null;
	}
}
