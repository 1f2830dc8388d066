package io.numshield.core.token;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jwt.SignedJWT;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TokenSignerTests {

	private static final Instant NOW = Instant.parse("2030-01-02T03:04:05Z");

	private final ECKey key = TokenKeys.newSigningKey();

	private final TokenSigner signer = new TokenSigner(key);

	@Test
	void mintsAnEs256TokenThatThePublicKeyVerifies() throws Exception {
		SignedJWT jwt = SignedJWT
			.parse(signer.mint(Audience.BINDING, TokenClaims.platform("pk_1", "plat-1"), NOW, Duration.ofMinutes(5)));

		assertThat(jwt.getHeader().getAlgorithm()).isEqualTo(JWSAlgorithm.ES256);
		assertThat(jwt.getHeader().getKeyID()).isEqualTo(key.getKeyID());
		assertThat(jwt.verify(new ECDSAVerifier(key.toPublicJWK()))).isTrue();
		assertThat(jwt.verify(new ECDSAVerifier(TokenKeys.newSigningKey().toPublicJWK()))).isFalse();
		var claims = jwt.getJWTClaimsSet();
		assertThat(claims.getIssuer()).isEqualTo("numshield-gateway");
		assertThat(claims.getAudience()).containsExactly("numshield-binding");
		assertThat(claims.getSubject()).isEqualTo("pk_1");
		assertThat(claims.getStringClaim("role")).isEqualTo("PLATFORM");
		assertThat(claims.getStringClaim("platformId")).isEqualTo("plat-1");
		assertThat(claims.getClaim("pools")).isNull();
		assertThat(claims.getExpirationTime().toInstant()).isEqualTo(NOW.plus(Duration.ofMinutes(5)));
	}

	@Test
	void aCarrierTokenCarriesItsPools() throws Exception {
		SignedJWT jwt = SignedJWT.parse(signer.mint(Audience.ROUTING, TokenClaims.carrier("ck_1", List.of("p1", "p2")),
				NOW, Duration.ofMinutes(15)));

		assertThat(jwt.getJWTClaimsSet().getStringListClaim("pools")).containsExactly("p1", "p2");
		assertThat(jwt.getJWTClaimsSet().getClaim("platformId")).isNull();
	}

	@Test
	void refusesLifetimesOverFifteenMinutesAndClaimsThatDoNotFitTheRole() {
		assertThatIllegalArgumentException().isThrownBy(() -> signer.mint(Audience.ROUTING,
				TokenClaims.carrier("ck_1", List.of("p")), NOW, Duration.ofMinutes(16)));
		assertThatIllegalArgumentException().isThrownBy(() -> new TokenClaims("pk_1", Role.PLATFORM, null, null));
		assertThatIllegalArgumentException().isThrownBy(() -> new TokenClaims("rk_1", Role.REGULATOR, "plat-1", null));
		assertThatIllegalArgumentException().isThrownBy(() -> new TokenClaims("ck_1", Role.CARRIER, null, List.of()));
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new TokenClaims("ok_1", Role.OPERATOR, null, List.of("p")));
		assertThatIllegalArgumentException().isThrownBy(() -> TokenClaims.of("bad\"subject", Role.OPERATOR));
		assertThatIllegalArgumentException().isThrownBy(() -> new TokenSigner(key.toPublicJWK()));
	}

	@Test
	void generatesAnOwnerOnlySigningKeyAndAPublicSetWithoutSecrets(@TempDir Path dir) throws Exception {
		assertThat(TokenKeys.generate(dir)).isTrue();
		assertThat(TokenKeys.generate(dir)).isFalse();

		assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve(TokenKeys.SIGNING_FILE))))
			.isEqualTo("rw-------");
		JWKSet published = TokenKeys.loadPublicKeys(dir.resolve(TokenKeys.PUBLIC_FILE));
		assertThat(published.getKeys()).singleElement().satisfies(k -> assertThat(k.isPrivate()).isFalse());
		assertThat(Files.readString(dir.resolve(TokenKeys.PUBLIC_FILE))).doesNotContain("\"d\"");
		assertThat(published.getKeys().get(0).getKeyID())
			.isEqualTo(TokenKeys.loadSigningKey(dir.resolve(TokenKeys.SIGNING_FILE)).getKeyID());
	}

	@Test
	void rotationPublishesTheNewAndThePreviousKeyUntilTheOldOneIsRetired(@TempDir Path dir) {
		TokenKeys.generate(dir);
		ECKey first = TokenKeys.loadSigningKey(dir.resolve(TokenKeys.SIGNING_FILE));

		ECKey second = TokenKeys.rotate(dir);

		assertThat(TokenKeys.loadSigningKey(dir.resolve(TokenKeys.SIGNING_FILE)).getKeyID())
			.isEqualTo(second.getKeyID());
		assertThat(TokenKeys.loadPublicKeys(dir.resolve(TokenKeys.PUBLIC_FILE)).getKeys()).extracting(k -> k.getKeyID())
			.containsExactly(second.getKeyID(), first.getKeyID());
		TokenKeys.rotate(dir);
		assertThat(TokenKeys.loadPublicKeys(dir.resolve(TokenKeys.PUBLIC_FILE)).getKeys()).hasSize(2)
			.extracting(k -> k.getKeyID())
			.doesNotContain(first.getKeyID());
		TokenKeys.retire(dir);
		assertThat(TokenKeys.loadPublicKeys(dir.resolve(TokenKeys.PUBLIC_FILE)).getKeys()).hasSize(1);
	}

	@Test
	void aPublicSetWithAPrivateKeyInItIsRefused(@TempDir Path dir) throws Exception {
		Files.writeString(dir.resolve("leaky.jwks"), new JWKSet(key).toString(false));
		assertThatIllegalArgumentException().isThrownBy(() -> TokenKeys.loadPublicKeys(dir.resolve("leaky.jwks")));
	}

}
