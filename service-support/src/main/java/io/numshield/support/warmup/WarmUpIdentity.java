package io.numshield.support.warmup;

import io.numshield.core.token.Audience;
import io.numshield.core.token.TokenClaims;
import io.numshield.core.token.TokenSigner;
import io.numshield.support.security.InternalTokenSecurityConfiguration;

import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;

import org.springframework.security.oauth2.jwt.JwtDecoder;

/**
 * Who the warm-up's requests come from: a signing key made for this warm-up alone, never
 * written anywhere, and the decoder of the warm-up's twin filters, which trusts that key
 * and nothing else (built by {@link InternalTokenSecurityConfiguration#decoder}, so the
 * same checks run as for a real token). The real filters' decoder does not know the key:
 * a warm-up token reaching them is a 401. The {@link #secret()} marks the warm-up's
 * requests for {@link WarmUpGate}.
 */
public final class WarmUpIdentity {

	private static final SecureRandom RANDOM = new SecureRandom();

	private final Audience audience;

	private final TokenSigner signer;

	private final JwtDecoder decoder;

	private final String secret;

	WarmUpIdentity(Audience audience) {
		this.audience = audience;
		this.secret = random(32);
		try {
			ECKey key = new ECKeyGenerator(Curve.P_256).keyUse(KeyUse.SIGNATURE)
				.keyID("warm-up-" + random(8))
				.generate();
			this.signer = new TokenSigner(key);
			this.decoder = InternalTokenSecurityConfiguration.decoder(
					new ImmutableJWKSet<>(new JWKSet(key.toPublicJWK())), audience.value(), TokenSigner.MAX_LIFETIME);
		}
		catch (JOSEException ex) {
			throw new IllegalStateException("no P-256 key for the warm-up", ex);
		}
	}

	/**
	 * A token for this service, valid for longer than any warm-up
	 * ({@link WarmUpProperties#duration()}).
	 */
	public String token(TokenClaims claims) {
		return signer.mint(audience, claims, Instant.now(), Duration.ofMinutes(5));
	}

	/** The decoder the twin filters check the warm-up's tokens with. */
	public JwtDecoder decoder() {
		return decoder;
	}

	String secret() {
		return secret;
	}

	/** Random lower-case hex of {@code bytes} bytes: ids and the secret. */
	public static String random(int bytes) {
		byte[] value = new byte[bytes];
		RANDOM.nextBytes(value);
		return HexFormat.of().formatHex(value);
	}

}
