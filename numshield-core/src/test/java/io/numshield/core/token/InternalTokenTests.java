package io.numshield.core.token;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

class InternalTokenTests {

	private static final String SECRET = "0123456789abcdef0123456789abcdef";

	private static final Instant NOW = Instant.parse("2030-01-02T03:04:05Z");

	private final InternalToken tokens = new InternalToken(SECRET);

	@Test
	void mintsAJwtOfThreeBase64UrlParts() {
		String jwt = tokens.mint("platform-app", Role.PLATFORM, "plat-1", NOW, Duration.ofMinutes(5));

		assertThat(jwt.split("\\.", -1)).hasSize(3).allSatisfy(part -> assertThat(part).matches("[A-Za-z0-9_-]+"));
	}

	@Test
	void headerNamesHs256() {
		String header = decode(part(tokens.mint("ops", Role.OPERATOR, null, NOW, Duration.ofMinutes(1)), 0));

		assertThat(header).contains("\"alg\":\"HS256\"").contains("\"typ\":\"JWT\"");
	}

	@Test
	void claimsCarryIssuerAudienceSubjectRolePlatformAndExpiry() {
		String claims = decode(part(tokens.mint("platform-app", Role.PLATFORM, "plat-1", NOW, Duration.ofMinutes(5)), 1));

		assertThat(claims).startsWith("{")
			.endsWith("}")
			.contains("\"iss\":\"numshield-gateway\"")
			.contains("\"aud\":\"numshield\"")
			.contains("\"sub\":\"platform-app\"")
			.contains("\"role\":\"PLATFORM\"")
			.contains("\"platformId\":\"plat-1\"")
			.contains("\"iat\":" + NOW.getEpochSecond())
			.contains("\"exp\":" + NOW.plus(Duration.ofMinutes(5)).getEpochSecond());
	}

	@ParameterizedTest
	@EnumSource(value = Role.class, names = "PLATFORM", mode = EnumSource.Mode.EXCLUDE)
	void otherRolesCarryNoPlatformId(Role role) {
		String claims = decode(part(tokens.mint("someone", role, null, NOW, Duration.ofSeconds(30)), 1));

		assertThat(claims).contains("\"role\":\"" + role.name() + "\"")
			.contains("\"exp\":" + NOW.plusSeconds(30).getEpochSecond())
			.doesNotContain("platformId");
	}

	@Test
	void signatureIsHmacSha256OfHeaderAndPayload() throws Exception {
		String jwt = tokens.mint("carrier-1", Role.CARRIER, null, NOW, Duration.ofMinutes(2));
		String signingInput = part(jwt, 0) + "." + part(jwt, 1);

		Mac mac = Mac.getInstance("HmacSHA256");
		mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
		byte[] expected = mac.doFinal(signingInput.getBytes(StandardCharsets.US_ASCII));

		assertThat(Base64.getUrlDecoder().decode(part(jwt, 2))).isEqualTo(expected);
		assertThat(part(jwt, 2)).doesNotContain("=");
	}

	@Test
	void anotherSecretGivesAnotherSignature() {
		String jwt = tokens.mint("carrier-1", Role.CARRIER, null, NOW, Duration.ofMinutes(2));
		String other = new InternalToken(SECRET.toUpperCase()).mint("carrier-1", Role.CARRIER, null, NOW,
				Duration.ofMinutes(2));

		assertThat(part(other, 1)).isEqualTo(part(jwt, 1));
		assertThat(part(other, 2)).isNotEqualTo(part(jwt, 2));
	}

	@Test
	void refusesSecretShorterThan32Bytes() {
		assertThatIllegalArgumentException().isThrownBy(() -> new InternalToken(SECRET.substring(1)));
		assertThatIllegalArgumentException().isThrownBy(() -> new InternalToken(""));
	}

	@Test
	void acceptsSecretOfExactly32Bytes() {
		assertThat(new InternalToken("x".repeat(32)).mint("ops", Role.OPERATOR, null, NOW, Duration.ofMinutes(1)))
			.isNotBlank();
	}

	@Test
	void refusesLifetimeOverFiveMinutes() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> tokens.mint("ops", Role.OPERATOR, null, NOW, Duration.ofMinutes(5).plusSeconds(1)));
		assertThatIllegalArgumentException()
			.isThrownBy(() -> tokens.mint("ops", Role.OPERATOR, null, NOW, Duration.ofHours(1)));
	}

	@Test
	void refusesPlatformWithoutPlatformId() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> tokens.mint("platform-app", Role.PLATFORM, null, NOW, Duration.ofMinutes(1)));
	}

	@ParameterizedTest
	@EnumSource(value = Role.class, names = "PLATFORM", mode = EnumSource.Mode.EXCLUDE)
	void refusesPlatformIdForOtherRoles(Role role) {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> tokens.mint("someone", role, "plat-1", NOW, Duration.ofMinutes(1)));
	}

	@ParameterizedTest
	@ValueSource(strings = { "", "with space", "quote\"injection", "a\",\"role\":\"OPERATOR", "back\\slash",
			"new\nline", "slash/ed", "ünïcode" })
	void refusesSubjectsAndPlatformIdsWithIllegalCharacters(String value) {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> tokens.mint(value, Role.OPERATOR, null, NOW, Duration.ofMinutes(1)));
		assertThatIllegalArgumentException()
			.isThrownBy(() -> tokens.mint("platform-app", Role.PLATFORM, value, NOW, Duration.ofMinutes(1)));
	}

	@Test
	void refusesOverlongSubject() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> tokens.mint("a".repeat(129), Role.OPERATOR, null, NOW, Duration.ofMinutes(1)));
		assertThat(tokens.mint("a".repeat(128), Role.OPERATOR, null, NOW, Duration.ofMinutes(1))).isNotBlank();
	}

	@Test
	void acceptsIdentifierCharacters() {
		String claims = decode(part(tokens.mint("svc.user_1:a@b-c", Role.REGULATOR, null, NOW, Duration.ofMinutes(1)), 1));

		assertThat(claims).contains("\"sub\":\"svc.user_1:a@b-c\"");
	}

	private static String part(String jwt, int index) {
		return jwt.split("\\.")[index];
	}

	private static String decode(String base64Url) {
		return new String(Base64.getUrlDecoder().decode(base64Url), StandardCharsets.UTF_8);
	}
}
