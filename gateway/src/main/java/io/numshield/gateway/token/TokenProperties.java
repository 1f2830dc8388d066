package io.numshield.gateway.token;

import io.numshield.core.token.TokenSigner;

import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.NotBlank;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The gateway's token keys.
 *
 * @param signingKey the private P-256 key the gateway signs internal tokens with, a JWK
 * file ({@code NUMSHIELD_TOKEN_SIGNING_KEY}; {@code TokenKeys generate DIR} makes one,
 * owner-only)
 * @param publicKeys the JWK set published at {@code /.well-known/jwks.json} (during a
 * rotation the new and the previous public key); empty: the signing key's public key
 * alone ({@code NUMSHIELD_TOKEN_PUBLIC_KEYS})
 * @param carrierLifetime lifetime of a token that {@code POST /v1/tokens} hands a carrier
 * (at most 15 min)
 */
@Validated
@ConfigurationProperties("numshield.token")
record TokenProperties(@NotBlank String signingKey, String publicKeys, @DefaultValue("15m") Duration carrierLifetime) {

	@AssertTrue(message = "carrier-lifetime must be positive and at most 15 minutes")
	boolean isCarrierLifetimeBounded() {
		return carrierLifetime != null && !carrierLifetime.isNegative() && !carrierLifetime.isZero()
				&& carrierLifetime.compareTo(TokenSigner.MAX_LIFETIME) <= 0;
	}
}
