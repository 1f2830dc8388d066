package io.numshield.binding.identity;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * A real-name report as the API shows it: every personal field masked; {@code validUntil}
 * absent when the report does not run out.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record IdentityReportView(String reportId, String phone, String name, String idType, String idNumber,
		Instant createdAt, @Nullable Instant validUntil) {
}
