package io.numshield.binding.platform;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.time.Instant;
import java.util.List;

/**
 * A platform as the API shows it; {@code callbackSecret} only in the answer to its
 * creation.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record PlatformView(String platformId, String name, List<String> pools, Long maxActiveBindings,
		String callbackUrl, String status, String statusReason, Instant createdAt, Instant updatedAt,
		String callbackSecret) {
}
