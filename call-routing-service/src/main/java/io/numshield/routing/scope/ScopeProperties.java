package io.numshield.routing.scope;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Limits per carrier key ({@code numshield.routing.carriers.*}), kept per instance of the
 * service.
 *
 * @param connectsPerSecond CONNECT answers one carrier key may receive per second (burst:
 * one second's worth); over it, routes are 429 RATE_LIMITED until the budget refills
 * @param missesPerSecond answers that connected nothing (OUT_OF_SCOPE and every REJECT)
 * per second per key: a carrier walking numbers is stopped here
 * @param blockCacheTtl how long the pool of a block (read from Redis) is remembered
 * @param coolDown how long a key that emptied a budget is refused (429) before its budget
 * counts again
 */
@Validated
@ConfigurationProperties("numshield.routing.carriers")
record ScopeProperties(@DefaultValue("20000") @Min(1) int connectsPerSecond,
		@DefaultValue("200") @Min(1) int missesPerSecond, @DefaultValue("30s") @NotNull Duration blockCacheTtl,
		@DefaultValue("5s") @NotNull Duration coolDown) {
}
