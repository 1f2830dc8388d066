package io.numshield.gateway.apikey;

import io.numshield.core.token.Role;

import java.util.List;

/**
 * What the edge needs of a usable key: its decrypted secret (kept in memory only), its
 * identity, its rate ({@code null}: the role's default) and, for a CARRIER, the pools it
 * serves.
 */
public record ActiveKey(String keyId, Role role, String platformId, String secret, Integer ratePerSecond,
		List<String> pools) {

	public ActiveKey {
		pools = pools == null ? List.of() : List.copyOf(pools);
	}

	@Override
	public String toString() {
		return "ActiveKey[" + keyId + ", " + role + "]";
	}
}
