package io.numshield.binding.platform;

import io.numshield.core.callback.CallbackKind;

import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A platform as the API shows it; {@code callbackSecret} only in the answer to its
 * creation. {@code callbackEvents}: the callback kinds it wants (every kind unless it
 * chose). {@code industrialId}: the pilot's identifier its leases carry unless they name
 * their own (ADR 0028), left out when it has none.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record PlatformView(String platformId, String name, List<String> pools, Long maxActiveBindings,
		String callbackUrl, String status, String statusReason, Instant createdAt, Instant updatedAt,
		String callbackSecret, List<CallbackKind> callbackEvents, int callbackBatchSize, int callbackBatchWindowMs,
		String industrialId) {
}
