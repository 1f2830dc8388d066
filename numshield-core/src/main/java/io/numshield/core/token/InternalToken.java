package io.numshield.core.token;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Mints the contract's internal token: {@code Authorization: Bearer <JWT>}, HS256 with the shared
 * secret, claims {@code iss=numshield-gateway}, {@code aud=numshield}, {@code sub}, {@code role},
 * {@code platformId} (PLATFORM only) and {@code exp} at most five minutes ahead.
 */
public final class InternalToken {

	public static final String ISSUER = "numshield-gateway";

	public static final String AUDIENCE = "numshield";

	public static final Duration MAX_LIFETIME = Duration.ofMinutes(5);

	public static final int MIN_SECRET_BYTES = 32;

	private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

	private final SecretKeySpec key;

	public InternalToken(String secret) {
		byte[] bytes = secret.getBytes(StandardCharsets.UTF_8);
		if (bytes.length < MIN_SECRET_BYTES) {
			throw new IllegalArgumentException("the internal token secret must be at least 32 bytes");
		}
		this.key = new SecretKeySpec(bytes, "HmacSHA256");
	}

	public String mint(String subject, Role role, String platformId, Instant now, Duration lifetime) {
		if (lifetime.compareTo(MAX_LIFETIME) > 0) {
			throw new IllegalArgumentException("an internal token lives at most 5 minutes");
		}
		if ((role == Role.PLATFORM) != (platformId != null)) {
			throw new IllegalArgumentException("platformId is required for PLATFORM and only for it");
		}
		String header = "{\"alg\":\"HS256\",\"typ\":\"JWT\"}";
		StringBuilder claims = new StringBuilder().append("{\"iss\":\"").append(ISSUER)
			.append("\",\"aud\":\"").append(AUDIENCE)
			.append("\",\"sub\":\"").append(json(subject))
			.append("\",\"role\":\"").append(role.name()).append('"');
		if (platformId != null) {
			claims.append(",\"platformId\":\"").append(json(platformId)).append('"');
		}
		claims.append(",\"iat\":").append(now.getEpochSecond())
			.append(",\"exp\":").append(now.plus(lifetime).getEpochSecond()).append('}');
		String signingInput = B64.encodeToString(header.getBytes(StandardCharsets.UTF_8)) + "."
				+ B64.encodeToString(claims.toString().getBytes(StandardCharsets.UTF_8));
		return signingInput + "." + B64.encodeToString(sign(signingInput));
	}

	private byte[] sign(String input) {
		try {
			Mac mac = Mac.getInstance("HmacSHA256");
			mac.init(key);
			return mac.doFinal(input.getBytes(StandardCharsets.US_ASCII));
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("HmacSHA256 unavailable", ex);
		}
	}

	private static String json(String value) {
		if (!value.matches("[A-Za-z0-9._:@-]{1,128}")) {
			throw new IllegalArgumentException("token subjects and platform ids are plain identifiers");
		}
		return value;
	}

	/** Command line for local calls: {@code ROLE SUBJECT [PLATFORM_ID]}, secret in NUMSHIELD_INTERNAL_TOKEN_SECRET. */
	public static void main(String[] args) {
		String secret = System.getenv("NUMSHIELD_INTERNAL_TOKEN_SECRET");
		if (secret == null || args.length < 2) {
			System.err.println("usage: NUMSHIELD_INTERNAL_TOKEN_SECRET=... InternalToken ROLE SUBJECT [PLATFORM_ID]");
			System.exit(2);
		}
		Role role = Role.valueOf(args[0]);
		System.out.println(new InternalToken(secret).mint(args[1], role, args.length > 2 ? args[2] : null,
				Instant.now(), MAX_LIFETIME));
	}
}
