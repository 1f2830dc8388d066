package io.numshield.support.security;

import io.numshield.core.id.PlatformId;

import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jwt.Jwt;

/**
 * The {@code platformId} claim and the PLATFORM role come together or not at all: a
 * PLATFORM token without a platform (it would act for no one, or for whoever a later
 * default picks), and any other role's token that names a platform (it must not gain a
 * platform's powers), are invalid tokens. The decoder refuses them with the other token
 * checks, so every service answers 401 UNAUTHENTICATED before any endpoint, lease
 * operation included, runs. The gateway never mints either ({@code ApiKeyController}
 * issues {@code platformId} with PLATFORM keys only). The claim follows
 * {@link PlatformId}'s rule, the one keys are issued under; checked by hand, without a
 * regular expression, on every token a service decodes.
 */
final class PlatformClaimValidator implements OAuth2TokenValidator<Jwt> {

	static final String CLAIM = "platformId";

	private static final OAuth2Error MISMATCH = new OAuth2Error(OAuth2ErrorCodes.INVALID_TOKEN,
			"a PLATFORM token names its platform, and only a PLATFORM token does", null);

	@Override
	public OAuth2TokenValidatorResult validate(Jwt jwt) {
		boolean platformRole = "PLATFORM".equals(jwt.getClaimAsString("role"));
		boolean named = jwt.hasClaim(CLAIM);
		if (platformRole != named) {
			return OAuth2TokenValidatorResult.failure(MISMATCH);
		}
		if (named && !validPlatformId(jwt.getClaims().get(CLAIM))) {
			return OAuth2TokenValidatorResult.failure(MISMATCH);
		}
		return OAuth2TokenValidatorResult.success();
	}

	private static boolean validPlatformId(Object value) {
		return value instanceof String s && PlatformId.isValid(s);
	}

}
