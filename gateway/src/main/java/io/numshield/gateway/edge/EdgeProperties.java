package io.numshield.gateway.edge;

import io.numshield.core.token.Role;

import jakarta.validation.constraints.NotNull;

import java.time.Duration;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * How the edge checks and forwards requests.
 *
 * @param clockWindow largest difference between a request's Timestamp and the gateway's
 * clock (contract: 300 s)
 * @param nonceRetention how long a set of nonces is kept after its first nonce, beyond
 * its bucket's width (contract: 600 s); at least twice the clock window, so that a replay
 * finds its nonce for as long as its Timestamp is accepted at all
 * @param maxBodySize largest request body; bigger: 413
 * @param tokenLifetime lifetime of the internal token minted per key (at most 5 minutes)
 * @param tokenRenewBefore a cached token is replaced when it has less than this left
 * @param rateLimits requests per second per key, by role, for keys without their own rate
 */
@Validated
@ConfigurationProperties("numshield.gateway")
record EdgeProperties(@DefaultValue("300s") @NotNull Duration clockWindow,
		@DefaultValue("600s") @NotNull Duration nonceRetention, @DefaultValue("64KB") @NotNull DataSize maxBodySize,
		@DefaultValue("5m") @NotNull Duration tokenLifetime, @DefaultValue("60s") @NotNull Duration tokenRenewBefore,
		@NotNull Map<Role, Integer> rateLimits) {

	public EdgeProperties {
		if (nonceRetention.compareTo(clockWindow.multipliedBy(2)) < 0) {
			// a nonce set is kept from its first nonce: a Timestamp from the window's
			// future end is let in again until the window's past end, 2 x clock-window
			// later
			throw new IllegalArgumentException("numshield.gateway.nonce-retention must be at least twice clock-window");
		}
		for (Role role : Role.values()) {
			if (rateLimits.get(role) == null || rateLimits.get(role) < 1) {
				throw new IllegalArgumentException(
						"numshield.gateway.rate-limits." + role + " must be set and positive");
			}
		}
	}
}
