package io.numshield.support.security;

import io.numshield.core.token.Audience;
import io.numshield.core.token.TokenSigner;

import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The internal tokens a service accepts: ES256, signed by the gateway, for this service's
 * audience.
 *
 * @param publicKeys where the gateway's public keys are: a JWK set file (re-read when it
 * changes, so a rotation needs no restart) or the gateway's
 * {@code http(s)://…/.well-known/jwks.json} (cached, fetched again for an unknown key id)
 * ({@code NUMSHIELD_TOKEN_PUBLIC_KEYS})
 * @param audience this service's audience; a token minted for another service is refused
 * @param maxLifetime the longest lifetime a token may claim ({@code exp - now}); longer
 * is refused
 */
@Validated
@ConfigurationProperties("numshield.token")
public record TokenProperties(@NotBlank String publicKeys, @NotNull Audience audience,
		@DefaultValue("5m") Duration maxLifetime) {

	@AssertTrue(message = "max-lifetime must be positive and at most 15 minutes")
	boolean isMaxLifetimeBounded() {
		return maxLifetime != null && !maxLifetime.isNegative() && !maxLifetime.isZero()
				&& maxLifetime.compareTo(TokenSigner.MAX_LIFETIME) <= 0;
	}
}
