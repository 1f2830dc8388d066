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
 * @param clockWindow largest difference between a request's Timestamp and the gateway's clock
 * (contract: 300 s)
 * @param nonceRetention how long a nonce is remembered per key (contract: 600 s)
 * @param maxBodySize largest request body; bigger: 413
 * @param tokenLifetime lifetime of the internal token minted per key (at most 5 minutes)
 * @param tokenRenewBefore a cached token is replaced when it has less than this left
 * @param rateLimits requests per second per key, by role, for keys without their own rate
 */
@Validated
@ConfigurationProperties("numshield.gateway")
record EdgeProperties(@DefaultValue("300s") @NotNull Duration clockWindow,
		@DefaultValue("600s") @NotNull Duration nonceRetention, @DefaultValue("64KB") @NotNull DataSize maxBodySize,
		@DefaultValue("5m") @NotNull Duration tokenLifetime,
		@DefaultValue("60s") @NotNull Duration tokenRenewBefore, @NotNull Map<Role, Integer> rateLimits) {

	public EdgeProperties {
		for (Role role : Role.values()) {
			if (rateLimits.get(role) == null || rateLimits.get(role) < 1) {
				throw new IllegalArgumentException("numshield.gateway.rate-limits." + role + " must be set and positive");
			}
		}
	}
}
