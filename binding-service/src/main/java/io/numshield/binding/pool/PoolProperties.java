package io.numshield.binding.pool;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * Pool settings ({@code numshield.binding.*}, beside the lease's; environment
 * {@code NUMSHIELD_BINDING_*}).
 *
 * @param defaultMaxBindingsPerNumber AXB pairs per virtual number when a pool names none
 * @param defaultCooldown how long a released AXN number rests when a pool names none
 * @param configCacheTtl how long pool settings are cached in memory for the lease path
 * @param metricsRefresh how often pool gauges are read from Redis
 */
@Validated
@ConfigurationProperties("numshield.binding")
record PoolProperties(@Min(1) int defaultMaxBindingsPerNumber, @NotNull Duration defaultCooldown,
		@NotNull Duration configCacheTtl, @NotNull Duration metricsRefresh) {
}
