package io.numshield.support.security;

import io.numshield.core.token.Role;

import org.springframework.security.oauth2.jwt.Jwt;

/**
 * Who is calling, as the internal token says: key id, role, and the platform of a PLATFORM caller.
 * {@code platformId} is null for every other role, whatever the token carries (the decoder refuses
 * such a token anyway: {@link PlatformClaimValidator}), so no other role can act as a platform.
 */
public record CallerIdentity(String subject, Role role, String platformId) {

	public static CallerIdentity from(Jwt jwt) {
		Role role = Role.valueOf(jwt.getClaimAsString("role"));
		return new CallerIdentity(jwt.getSubject(), role,
				role == Role.PLATFORM ? jwt.getClaimAsString(PlatformClaimValidator.CLAIM) : null);
	}
}
