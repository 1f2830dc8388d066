package io.numshield.support.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;

class CachingJwtDecoderTests {

	private final AtomicInteger verifications = new AtomicInteger();

	private Instant expiry = Instant.now().plusSeconds(60);

	private final JwtDecoder verifier = token -> {
		verifications.incrementAndGet();
		if (token.startsWith("bad")) {
			throw new BadJwtException("bad signature");
		}
		if (!expiry.isAfter(Instant.now())) {
			throw new BadJwtException("expired");
		}
		return Jwt.withTokenValue(token).header("alg", "HS256").claim("role", "PLATFORM").expiresAt(expiry).build();
	};

	@Test
	void verifiesATokenOnceWhileItIsValid() {
		CachingJwtDecoder decoder = new CachingJwtDecoder(verifier, Duration.ZERO);
		for (int i = 0; i < 5; i++) {
			assertThat(decoder.decode("good").getClaimAsString("role")).isEqualTo("PLATFORM");
		}
		assertThat(verifications).hasValue(1);
	}

	@Test
	void neverCachesARefusalAndRefusesACachedTokenOnceExpired() throws Exception {
		CachingJwtDecoder decoder = new CachingJwtDecoder(verifier, Duration.ZERO);
		assertThatThrownBy(() -> decoder.decode("bad")).isInstanceOf(BadJwtException.class);
		assertThatThrownBy(() -> decoder.decode("bad")).isInstanceOf(BadJwtException.class);
		assertThat(verifications).hasValue(2);

		expiry = Instant.now().plusMillis(300);
		decoder.decode("short-lived");
		Thread.sleep(400);
		assertThatThrownBy(() -> decoder.decode("short-lived")).isInstanceOf(BadJwtException.class);
	}

}
