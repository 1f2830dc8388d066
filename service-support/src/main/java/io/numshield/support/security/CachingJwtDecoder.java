package io.numshield.support.security;

import java.time.Duration;
import java.time.Instant;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;

import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;

/**
 * Remembers tokens it has verified. The gateway reuses one internal token per API key for
 * minutes, so verifying the same string again (HMAC and claim parsing: a tenth of a
 * bind's CPU) buys nothing: a cached token is the same bytes with the same valid
 * signature, and only its expiry needs checking again: each entry expires with its token
 * (plus the allowed skew), and a token without an expiry is not kept. At most
 * {@value #MAX_ENTRIES} entries (Caffeine evicts the least used ones first).
 */
final class CachingJwtDecoder implements JwtDecoder {

	static final int MAX_ENTRIES = 10_000;

	private final JwtDecoder delegate;

	private final Duration skew;

	private final Cache<String, Jwt> verified;

	CachingJwtDecoder(JwtDecoder delegate, Duration skew) {
		this.delegate = delegate;
		this.skew = skew;
		this.verified = Caffeine.newBuilder()
			.maximumSize(MAX_ENTRIES)
			.expireAfter(Expiry.creating((String token, Jwt jwt) -> validFor(jwt)))
			.build();
	}

	/**
	 * How long a verified token may be taken from the cache: until its expiry plus the
	 * skew.
	 */
	private Duration validFor(Jwt jwt) {
		if (jwt.getExpiresAt() == null) {
			return Duration.ZERO;
		}
		Duration left = Duration.between(Instant.now(), jwt.getExpiresAt().plus(skew));
		return left.isNegative() ? Duration.ZERO : left;
	}

	@Override
	public Jwt decode(String token) throws JwtException {
		Jwt cached = verified.getIfPresent(token);
		if (cached != null) {
			return cached;
		}
		Jwt jwt = delegate.decode(token);
		verified.put(token, jwt);
		return jwt;
	}

}
