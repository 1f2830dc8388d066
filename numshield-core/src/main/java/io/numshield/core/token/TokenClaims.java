package io.numshield.core.token;

import io.numshield.core.id.ApiKeyId;
import io.numshield.core.id.PlatformId;
import io.numshield.core.id.PoolId;

import java.util.List;

/**
 * What an internal token says about its caller: the API key id ({@code sub}), its role,
 * the platform of a PLATFORM key ({@code platformId}, for it alone) and the pools a
 * CARRIER key serves ({@code pools}, for it alone and never empty). Each follows its
 * type's rule ({@link ApiKeyId}, {@link PlatformId}, {@link PoolId}), the ones the
 * gateway issues keys under.
 */
public record TokenClaims(String subject, Role role, String platformId, List<String> pools) {

	public TokenClaims {
		if (!ApiKeyId.isValid(subject)) {
			throw new IllegalArgumentException("the token's subject must be an API key id");
		}
		if (role == null) {
			throw new IllegalArgumentException("a token names a role");
		}
		if ((role == Role.PLATFORM) != (platformId != null)) {
			throw new IllegalArgumentException("platformId is required for PLATFORM and only for it");
		}
		if (platformId != null && !PlatformId.isValid(platformId)) {
			throw new IllegalArgumentException("the token's platformId must be a platform id");
		}
		pools = pools == null ? List.of() : List.copyOf(pools);
		if ((role == Role.CARRIER) == pools.isEmpty()) {
			throw new IllegalArgumentException("pools are required for CARRIER and only for it");
		}
		if (!pools.stream().allMatch(PoolId::isValid)) {
			throw new IllegalArgumentException("the token's pools must be pool ids");
		}
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
}
