package io.numshield.gateway.token;

import io.numshield.core.token.Audience;
import io.numshield.core.token.TokenClaims;
import io.numshield.core.token.TokenKeys;
import io.numshield.core.token.TokenSigner;
import io.numshield.gateway.apikey.ActiveKey;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.stereotype.Component;

/**
 * Mints the internal tokens, the only place that can: one per API key and service
 * audience, made when first needed and reused until it has less than
 * {@code token-renew-before} left (ES256 signing per request would cost CPU for nothing).
 * A revoked key never reaches this class (the edge refuses it first), so its cached token
 * is unused.
 */
@Component
@EnableConfigurationProperties(TokenProperties.class)
public class InternalTokens {

	private final TokenSigner signer;

	private final JWKSet published;

	private final TokenProperties properties;

	private final Clock clock;

	/**
	 * The minted tokens, by key and audience: renewed by {@link #bearerFor}'s check
	 * against the clock (each call says how long a token must still be valid), bounded
	 * here.
	 */
	private final Cache<String, Minted> tokens = Caffeine.newBuilder().maximumSize(100_000).build();

	InternalTokens(TokenProperties properties, Clock clock) {
		ECKey key = TokenKeys.loadSigningKey(Path.of(properties.signingKey()));
		this.signer = new TokenSigner(key);
		this.published = properties.publicKeys() == null || properties.publicKeys().isBlank()
				? new JWKSet(key.toPublicJWK()) : TokenKeys.loadPublicKeys(Path.of(properties.publicKeys()));
		if (published.getKeyByKeyId(key.getKeyID()) == null) {
			throw new IllegalArgumentException("numshield.token.public-keys does not hold the signing key's public key "
					+ key.getKeyID() + ": services would refuse every token");
		}
		this.properties = properties;
		this.clock = clock;
	}

	/**
	 * The {@code Authorization} value for forwarding a request of {@code key} to the
	 * service of {@code audience}, valid at least {@code renewBefore} more.
	 */
	public String bearerFor(ActiveKey key, Audience audience, Duration lifetime, Duration renewBefore) {
		Instant now = Instant.now(clock);
		String cacheKey = key.keyId() + '|' + audience.name();
		Minted minted = tokens.getIfPresent(cacheKey);
		if (minted == null || now.plus(renewBefore).isAfter(minted.expiresAt)) {
			String token = signer.mint(audience, claimsOf(key), now, lifetime);
			minted = new Minted("Bearer " + token, now.plus(lifetime));
			tokens.put(cacheKey, minted);
		}
		return minted.bearer;
	}

	/** A fresh token for a carrier's SIP server to call call-routing directly. */
	Issued carrierToken(ActiveKey key) {
		Instant now = Instant.now(clock);
		Duration lifetime = properties.carrierLifetime();
		return new Issued(signer.mint(Audience.ROUTING, claimsOf(key), now, lifetime), now.plus(lifetime), lifetime);
	}

	/** The public keys services verify with (JSON of a JWK set, no private part). */
	String publicKeySet() {
		return published.toString(true);
	}

	private static TokenClaims claimsOf(ActiveKey key) {
		return new TokenClaims(key.keyId(), key.role(), key.platformId(), key.pools());
	}

	record Issued(String token, Instant expiresAt, Duration lifetime) {
	}

	private record Minted(String bearer, Instant expiresAt) {
	}

}
