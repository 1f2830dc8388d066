package io.numshield.support.security;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;

/**
 * Remembers tokens it has verified. The gateway reuses one internal token per API key for minutes,
 * so verifying the same string again (HMAC and claim parsing: a tenth of a bind's CPU) buys
 * nothing: a cached token is the same bytes with the same valid signature, and only its expiry
 * needs checking again. At most {@value #MAX_ENTRIES} entries; the map is emptied when full.
 */
final class CachingJwtDecoder implements JwtDecoder {

	static final int MAX_ENTRIES = 10_000;

	private final JwtDecoder delegate;

	private final Duration skew;

	private final Map<String, Jwt> verified = new ConcurrentHashMap<>();

	CachingJwtDecoder(JwtDecoder delegate, Duration skew) {
		this.delegate = delegate;
		this.skew = skew;
	}

	@Override
	public Jwt decode(String token) throws JwtException {
		Jwt cached = verified.get(token);
		if (cached != null && cached.getExpiresAt() != null
				&& Instant.now().isBefore(cached.getExpiresAt().plus(skew))) {
			return cached;
		}
		if (cached != null) {
			verified.remove(token);
		}
		Jwt jwt = delegate.decode(token);
		if (verified.size() >= MAX_ENTRIES) {
			verified.clear();
		}
		verified.put(token, jwt);
		return jwt;
	}
}
