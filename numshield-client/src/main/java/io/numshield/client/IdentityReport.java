package io.numshield.client;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * A real-name report as the API shows it, every personal field masked: {@code phone}
 * ({@code 138****0101}), {@code name} ({@code 张*}), {@code idNumber}
 * ({@code 99**************1X}); {@code validUntil} {@code null} when it does not run out.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record IdentityReport(String reportId, String phone, String name, String idType, String idNumber,
		Instant createdAt, @Nullable Instant validUntil) {
}
