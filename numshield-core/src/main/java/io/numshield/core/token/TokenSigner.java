package io.numshield.core.token;

import java.time.Duration;
import java.time.Instant;
import java.util.Date;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

/**
 * Mints internal tokens: ES256 JWTs with {@code kid} in the header and the claims
 * {@code iss} ({@value #ISSUER}), {@code aud} (one {@link Audience}), {@code sub},
 * {@code role}, {@code platformId} (PLATFORM), {@code pools} (CARRIER), {@code iat} and
 * {@code exp}. Only the gateway holds a signer: services hold the public keys and cannot
 * mint.
 */
public final class TokenSigner {

	public static final String ISSUER = "numshield-gateway";

	/**
	 * The longest a token may live: tokens that carriers fetch for the direct routing
	 * path.
	 */
	public static final Duration MAX_LIFETIME = Duration.ofMinutes(15);

	private final ECKey key;

	private final ECDSASigner signer;

	public TokenSigner(ECKey key) {
		if (!key.isPrivate() || key.getKeyID() == null) {
			throw new IllegalArgumentException("the token signing key must be a private EC key with a key id");
		}
		try {
			this.key = key;
			this.signer = new ECDSASigner(key);
		}
		catch (JOSEException ex) {
			throw new IllegalArgumentException("not a P-256 signing key", ex);
		}
	}

	/** The id of the key this signer signs with. */
	public String keyId() {
		return key.getKeyID();
	}

	public String mint(Audience audience, TokenClaims claims, Instant now, Duration lifetime) {
		if (lifetime.isNegative() || lifetime.isZero() || lifetime.compareTo(MAX_LIFETIME) > 0) {
			throw new IllegalArgumentException(
					"an internal token lives at most " + MAX_LIFETIME.toMinutes() + " minutes");
		}
		JWTClaimsSet.Builder body = new JWTClaimsSet.Builder().issuer(ISSUER)
			.audience(audience.value())
			.subject(claims.subject())
			.claim("role", claims.role().name())
			.issueTime(Date.from(now))
			.expirationTime(Date.from(now.plus(lifetime)));
		if (claims.platformId() != null) {
			body.claim("platformId", claims.platformId());
		}
		if (!claims.pools().isEmpty()) {
			body.claim("pools", claims.pools());
		}
		SignedJWT jwt = new SignedJWT(
				new JWSHeader.Builder(JWSAlgorithm.ES256).type(JOSEObjectType.JWT).keyID(key.getKeyID()).build(),
				body.build());
		try {
			jwt.sign(signer);
		}
		catch (JOSEException ex) {
			throw new IllegalStateException("ES256 signing failed", ex);
		}
		return jwt.serialize();
	}

}
