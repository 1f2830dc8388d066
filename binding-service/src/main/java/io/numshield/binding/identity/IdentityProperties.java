package io.numshield.binding.identity;

import jakarta.validation.constraints.NotNull;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * Real-name reports ({@code numshield.binding.identity.*}; environment
 * {@code NUMSHIELD_BINDING_IDENTITY_*}, ADR 0027).
 *
 * @param retention how long a report is kept after it stopped being current (its
 * {@code validUntil} passed); then it is deleted. A report without {@code validUntil}
 * stays current and is kept.
 * @param retentionCheck how often the retention looks for such reports
 */
@Validated
@ConfigurationProperties("numshield.binding.identity")
record IdentityProperties(@NotNull Duration retention, @NotNull Duration retentionCheck) {
}
