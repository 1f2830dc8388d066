package io.numshield.support.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.numshield.core.token.Role;

import java.time.Instant;

import org.junit.jupiter.api.Test;
import org.springframework.security.oauth2.jwt.Jwt;

class PlatformClaimValidatorTests {

	private final PlatformClaimValidator validator = new PlatformClaimValidator();

	@Test
	void aPlatformTokenNamesItsPlatform() {
		assertThat(validator.validate(token("PLATFORM", "plat-1")).hasErrors()).isFalse();
		assertThat(validator.validate(token("PLATFORM", null)).hasErrors()).isTrue();
		assertThat(validator.validate(token("PLATFORM", "")).hasErrors()).isTrue();
		assertThat(validator.validate(token("PLATFORM", "a b")).hasErrors()).isTrue();
	}

	@Test
	void noOtherRoleNamesAPlatform() {
		for (String role : new String[] { "CARRIER", "REGULATOR", "OPERATOR" }) {
			assertThat(validator.validate(token(role, null)).hasErrors()).as(role).isFalse();
			assertThat(validator.validate(token(role, "plat-1")).hasErrors()).as(role).isTrue();
		}
	}

	@Test
	void callerIdentityGivesAPlatformToPlatformCallersOnly() {
		assertThat(CallerIdentity.from(token("PLATFORM", "plat-1")).platformId()).isEqualTo("plat-1");
		assertThat(CallerIdentity.from(token("OPERATOR", "plat-1")).platformId()).isNull();
		assertThat(CallerIdentity.from(token("OPERATOR", "plat-1")).role()).isEqualTo(Role.OPERATOR);
	}

	private static Jwt token(String role, String platformId) {
		Jwt.Builder builder = Jwt.withTokenValue("t")
			.header("alg", "HS256")
			.subject("key-1")
			.claim("role", role)
			.issuedAt(Instant.now())
			.expiresAt(Instant.now().plusSeconds(60));
		if (platformId != null) {
			builder.claim("platformId", platformId);
		}
		return builder.build();
	}

}
