package io.numshield.testsupport;

import io.numshield.core.token.Audience;
import io.numshield.core.token.TokenClaims;
import io.numshield.core.token.TokenKeys;
import io.numshield.core.token.TokenSigner;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.Map;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

/**
 * Tokens that a service must refuse, each as an attacker would make it, for the claims a
 * real token of the same caller would carry: every service's suite checks that all of
 * them get 401.
 */
public final class ForgedTokens {

	private ForgedTokens() {
	}

	/** Name → token: each must be refused with 401 by the service of {@code audience}. */
	public static Map<String, String> against(Audience audience, TokenClaims claims) {
		TestInfrastructure infra = TestInfrastructure.get();
		ECKey real = TokenKeys.loadSigningKey(infra.tokenSigningKey());
		Map<String, String> forged = new LinkedHashMap<>();
		forged.put("HS256 with the old shared secret", hs256(audience, claims, "test-secret-" + "x".repeat(64)));
		forged.put("HS256 keyed with the public key (algorithm confusion)",
				hs256(audience, claims, real.toPublicJWK().toJSONString()));
		forged.put("ES256 with another key under the real key id", otherKey(real.getKeyID(), audience, claims));
		forged.put("ES256 with another key under its own id", otherKey("tk-attacker", audience, claims));
		forged.put("alg none", unsigned(audience, claims));
		forged.put("another service's audience",
				new TokenSigner(real).mint(audience == Audience.BINDING ? Audience.ROUTING : Audience.BINDING, claims,
						Instant.now(), Duration.ofMinutes(5)));
		forged.put("expired",
				new TokenSigner(real).mint(audience, claims, Instant.now().minusSeconds(600), Duration.ofMinutes(1)));
		String good = infra.mintToken(audience, claims);
		forged.put("tampered signature",
				good.substring(0, good.length() - 4) + (good.endsWith("AAAA") ? "BBBB" : "AAAA"));
		String[] parts = good.split("\\.");
		String otherClaims = Base64.getUrlEncoder()
			.withoutPadding()
			.encodeToString(new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8)
				.replace("\"sub\":\"" + claims.subject() + "\"", "\"sub\":\"" + claims.subject() + "-other\"")
				.getBytes(StandardCharsets.UTF_8));
		if (otherClaims.equals(parts[1])) {
			throw new IllegalStateException("the forged claims must differ from the signed ones");
		}
		forged.put("claims changed after signing", parts[0] + "." + otherClaims + "." + parts[2]);
		return forged;
	}

	private static JWTClaimsSet claims(Audience audience, TokenClaims claims) {
		JWTClaimsSet.Builder body = new JWTClaimsSet.Builder().issuer(TokenSigner.ISSUER)
			.audience(audience.value())
			.subject(claims.subject())
			.claim("role", claims.role().name())
			.issueTime(new Date())
			.expirationTime(Date.from(Instant.now().plusSeconds(120)));
		if (claims.platformId() != null) {
			body.claim("platformId", claims.platformId());
		}
		if (!claims.pools().isEmpty()) {
			body.claim("pools", claims.pools());
		}
		return body.build();
	}

	private static String hs256(Audience audience, TokenClaims claims, String secret) {
		try {
			SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims(audience, claims));
			jwt.sign(new MACSigner(secret.getBytes(StandardCharsets.UTF_8)));
			return jwt.serialize();
		}
		catch (JOSEException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static String otherKey(String keyId, Audience audience, TokenClaims claims) {
		ECKey attacker = TokenKeys.newSigningKey();
		try {
			return new TokenSigner(new ECKey.Builder(attacker).keyID(keyId).build()).mint(audience, claims,
					Instant.now(), Duration.ofMinutes(5));
		}
		catch (RuntimeException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static String unsigned(Audience audience, TokenClaims claims) {
		Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
		return b64.encodeToString("{\"alg\":\"none\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8)) + "."
				+ b64.encodeToString(claims(audience, claims).toString().getBytes(StandardCharsets.UTF_8)) + ".";
	}

}
