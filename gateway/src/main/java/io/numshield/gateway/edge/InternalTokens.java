package io.numshield.gateway.edge;

import io.numshield.core.token.InternalToken;
import io.numshield.gateway.apikey.ActiveKey;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.stereotype.Component;

/**
 * One internal token per API key, minted when first needed and reused until it has less than
 * {@code token-renew-before} left: HMAC-signing a JWT per request would cost CPU for nothing. A
 * revoked key never reaches this class (the edge refuses it first), so its cached token is unused.
 */
@Component
class InternalTokens {

	private final InternalToken minter;

	private final EdgeProperties properties;

	private final Clock clock;

	private final Map<String, Minted> tokens = new ConcurrentHashMap<>();

	InternalTokens(TokenProperties token, EdgeProperties properties, Clock clock) {
		this.minter = new InternalToken(token.internalTokenSecret());
		this.properties = properties;
		this.clock = clock;
		if (properties.tokenLifetime().compareTo(InternalToken.MAX_LIFETIME) > 0
				|| properties.tokenRenewBefore().compareTo(properties.tokenLifetime()) >= 0) {
			throw new IllegalArgumentException("token-lifetime must be at most 5m and longer than token-renew-before");
		}
	}

	String bearerFor(ActiveKey key) {
		Instant now = Instant.now(clock);
		Minted minted = tokens.get(key.keyId());
		if (minted == null || now.plus(properties.tokenRenewBefore()).isAfter(minted.expiresAt)) {
			String token = minter.mint(key.keyId(), key.role(), key.platformId(), now, properties.tokenLifetime());
			minted = new Minted("Bearer " + token, now.plus(properties.tokenLifetime()));
			if (tokens.size() > 100_000) {
				tokens.clear();
			}
			tokens.put(key.keyId(), minted);
		}
		return minted.bearer;
	}

	private record Minted(String bearer, Instant expiresAt) {
	}
}
