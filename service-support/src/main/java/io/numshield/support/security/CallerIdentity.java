package io.numshield.support.security;

import io.numshield.core.token.Role;

import org.springframework.security.oauth2.jwt.Jwt;

/** Who is calling, as the internal token says: key id, role, and the platform of a PLATFORM caller. */
public record CallerIdentity(String subject, Role role, String platformId) {

	public static CallerIdentity from(Jwt jwt) {
		return new CallerIdentity(jwt.getSubject(), Role.valueOf(jwt.getClaimAsString("role")),
				jwt.getClaimAsString("platformId"));
	}
}
