package io.numshield.core.token;

import java.util.List;
import java.util.regex.Pattern;

/**
 * What an internal token says about its caller: the API key id ({@code sub}), its role, the
 * platform of a PLATFORM key ({@code platformId}, for it alone) and the pools a CARRIER key serves
 * ({@code pools}, for it alone and never empty).
 */
public record TokenClaims(String subject, Role role, String platformId, List<String> pools) {

	private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z0-9._:@-]{1,128}");

	public TokenClaims {
		requireIdentifier(subject, "subject");
		if (role == null) {
			throw new IllegalArgumentException("a token names a role");
		}
		if ((role == Role.PLATFORM) != (platformId != null)) {
			throw new IllegalArgumentException("platformId is required for PLATFORM and only for it");
		}
		if (platformId != null) {
			requireIdentifier(platformId, "platformId");
		}
		pools = pools == null ? List.of() : List.copyOf(pools);
		if ((role == Role.CARRIER) == pools.isEmpty()) {
			throw new IllegalArgumentException("pools are required for CARRIER and only for it");
		}
		pools.forEach(pool -> requireIdentifier(pool, "pool"));
	}

	public static TokenClaims platform(String subject, String platformId) {
		return new TokenClaims(subject, Role.PLATFORM, platformId, null);
	}

	public static TokenClaims carrier(String subject, List<String> pools) {
		return new TokenClaims(subject, Role.CARRIER, null, pools);
	}

	/** A REGULATOR or OPERATOR. */
	public static TokenClaims of(String subject, Role role) {
		return new TokenClaims(subject, role, null, null);
	}

	private static void requireIdentifier(String value, String what) {
		if (value == null || !IDENTIFIER.matcher(value).matches()) {
			throw new IllegalArgumentException("the token's " + what + " must be a plain identifier");
		}
	}
}
