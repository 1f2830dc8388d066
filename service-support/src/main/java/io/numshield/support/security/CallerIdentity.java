package io.numshield.support.security;

import io.numshield.core.token.Role;

import java.util.List;

import org.springframework.security.oauth2.jwt.Jwt;

/**
 * Who is calling, as the internal token says: key id, role, the platform of a PLATFORM
 * caller and the pools a CARRIER serves (empty for every other role). {@code platformId}
 * is null for every other role, whatever the token carries (the decoder refuses such a
 * token anyway: {@link PlatformClaimValidator}), so no other role can act as a platform.
 */
public record CallerIdentity(String subject, Role role, String platformId, List<String> pools) {

	public CallerIdentity {
		pools = pools == null ? List.of() : List.copyOf(pools);
	}

	public static CallerIdentity from(Jwt jwt) {
		Role role = Role.valueOf(jwt.getClaimAsString("role"));
		List<String> pools = role == Role.CARRIER && jwt.hasClaim("pools") ? jwt.getClaimAsStringList("pools")
				: List.of();
		return new CallerIdentity(jwt.getSubject(), role,
				role == Role.PLATFORM ? jwt.getClaimAsString(PlatformClaimValidator.CLAIM) : null, pools);
	}
}
