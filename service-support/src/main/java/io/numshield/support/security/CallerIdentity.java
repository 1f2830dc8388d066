package io.numshield.support.security;

import io.numshield.core.token.Role;

import java.util.List;

import org.springframework.security.oauth2.jwt.Jwt;

/**
 * Who is calling, as the internal token says: key id, role, the platform of a PLATFORM caller and
 * the pools a CARRIER serves (empty for every other role).
 */
public record CallerIdentity(String subject, Role role, String platformId, List<String> pools) {

	public CallerIdentity {
		pools = pools == null ? List.of() : List.copyOf(pools);
	}

	public static CallerIdentity from(Jwt jwt) {
		List<String> pools = jwt.hasClaim("pools") ? jwt.getClaimAsStringList("pools") : List.of();
		return new CallerIdentity(jwt.getSubject(), Role.valueOf(jwt.getClaimAsString("role")),
				jwt.getClaimAsString("platformId"), pools);
	}
}
