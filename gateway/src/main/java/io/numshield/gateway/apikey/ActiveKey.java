package io.numshield.gateway.apikey;

import io.numshield.core.token.Role;

/**
 * What the edge needs of a usable key: its decrypted secret (kept in memory only), its identity and
 * its rate ({@code null}: the role's default).
 */
public record ActiveKey(String keyId, Role role, String platformId, String secret, Integer ratePerSecond) {

	@Override
	public String toString() {
		return "ActiveKey[" + keyId + ", " + role + "]";
	}
}
