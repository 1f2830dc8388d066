package io.numshield.support.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.numshield.core.token.Audience;
import io.numshield.core.token.TokenClaims;
import io.numshield.core.token.TokenKeys;
import io.numshield.core.token.TokenSigner;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;

/**
 * What a service accepts, without Spring's context: the decoder its security
 * configuration builds.
 */
class TokenVerificationTests {

	@TempDir
	Path dir;

	private JwtDecoder decoder(Audience audience, Duration maxLifetime) {
		return new InternalTokenSecurityConfiguration().internalTokenDecoder(
				new TokenProperties(dir.resolve(TokenKeys.PUBLIC_FILE).toString(), audience, maxLifetime));
	}

	private String mint(Audience audience, TokenClaims claims, Duration lifetime) {
		return new TokenSigner(TokenKeys.loadSigningKey(dir.resolve(TokenKeys.SIGNING_FILE))).mint(audience, claims,
				Instant.now(), lifetime);
	}

	@Test
	void acceptsTheGatewaysTokenForItsOwnAudienceOnly() {
		TokenKeys.generate(dir);
		JwtDecoder binding = decoder(Audience.BINDING, Duration.ofMinutes(5));

		assertThat(binding.decode(mint(Audience.BINDING, TokenClaims.platform("pk_1", "plat-1"), Duration.ofMinutes(5)))
			.getClaimAsString("platformId")).isEqualTo("plat-1");
		assertThatThrownBy(() -> binding
			.decode(mint(Audience.ROUTING, TokenClaims.platform("pk_1", "plat-1"), Duration.ofMinutes(5))))
			.isInstanceOf(JwtException.class);
		assertThatThrownBy(() -> binding
			.decode(mint(Audience.BINDING, TokenClaims.platform("pk_1", "plat-1"), Duration.ofMinutes(15))))
			.isInstanceOf(JwtException.class);
		assertThat(decoder(Audience.ROUTING, Duration.ofMinutes(15))
			.decode(mint(Audience.ROUTING, TokenClaims.carrier("ck_1", List.of("p")), Duration.ofMinutes(15)))
			.getClaimAsStringList("pools")).containsExactly("p");
	}

	@Test
	void refusesTokensWhoseClaimsDoNotFitTheirRole() throws Exception {
		TokenKeys.generate(dir);
		JwtDecoder binding = decoder(Audience.BINDING, Duration.ofMinutes(5));
		ECKey key = TokenKeys.loadSigningKey(dir.resolve(TokenKeys.SIGNING_FILE));

		assertThat(binding.decode(raw(key, "PLATFORM", "plat-1", null)).getSubject()).isEqualTo("someone");
		for (String token : List.of(raw(key, "PLATFORM", null, null), raw(key, "PLATFORM", "plat-1", List.of("p")),
				raw(key, "REGULATOR", "plat-1", null), raw(key, "OPERATOR", null, List.of("p")),
				raw(key, "CARRIER", null, null), raw(key, "CARRIER", "plat-1", List.of("p")),
				raw(key, "ADMIN", null, null), raw(key, null, null, null))) {
			assertThatThrownBy(() -> binding.decode(token)).isInstanceOf(JwtException.class);
		}
	}

	@Test
	void acceptsTheSecondKeyOfARotationWithoutARestartAndDropsARetiredOne() throws Exception {
		TokenKeys.generate(dir);
		JwtDecoder binding = decoder(Audience.BINDING, Duration.ofMinutes(5));
		String before = mint(Audience.BINDING, TokenClaims.of("ok_1", io.numshield.core.token.Role.OPERATOR),
				Duration.ofMinutes(5));
		binding.decode(before);

		TokenKeys.rotate(dir);
		Thread.sleep(1100); // the key file is looked at again at most once a second
		String after = mint(Audience.BINDING, TokenClaims.of("ok_2", io.numshield.core.token.Role.OPERATOR),
				Duration.ofMinutes(5));
		assertThat(binding.decode(after).getSubject()).isEqualTo("ok_2");

		TokenKeys.retire(dir);
		Thread.sleep(1100);
		JwtDecoder fresh = decoder(Audience.BINDING, Duration.ofMinutes(5));
		assertThatThrownBy(() -> fresh.decode(before)).isInstanceOf(JwtException.class);
		assertThat(fresh.decode(after).getSubject()).isEqualTo("ok_2");
	}

	private static String raw(ECKey key, String role, String platformId, List<String> pools) throws Exception {
		JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder().issuer(TokenSigner.ISSUER)
			.audience(Audience.BINDING.value())
			.subject("someone")
			.issueTime(new Date())
			.expirationTime(Date.from(Instant.now().plusSeconds(60)));
		if (role != null) {
			claims.claim("role", role);
		}
		if (platformId != null) {
			claims.claim("platformId", platformId);
		}
		if (pools != null) {
			claims.claim("pools", pools);
		}
		SignedJWT jwt = new SignedJWT(
				new JWSHeader.Builder(JWSAlgorithm.ES256).type(JOSEObjectType.JWT).keyID(key.getKeyID()).build(),
				claims.build());
		jwt.sign(new ECDSASigner(key));
		return jwt.serialize();
	}

}
