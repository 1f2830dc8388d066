package io.numshield.binding.platform;

import jakarta.validation.constraints.NotNull;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * Platform settings ({@code numshield.binding.*}, beside the lease's; environment
 * {@code NUMSHIELD_BINDING_*}).
 *
 * @param configCacheTtl how long platform settings are cached in memory for the lease
 * path (status changes reach Redis at once); the same setting as the pools'
 */
@Validated
@ConfigurationProperties("numshield.binding")
record PlatformProperties(@NotNull Duration configCacheTtl) {
}
