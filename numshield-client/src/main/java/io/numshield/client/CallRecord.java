package io.numshield.client;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * One call as the platform reads it ({@code GET /v1/calls}, {@code GET
 * /v1/bindings/{id}/calls}): the routing decision and the carrier's events for one
 * {@code callId}, the caller masked. Absent facts are {@code null}.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record CallRecord(String callId, @Nullable String bindingId, @Nullable String platformId,
		@Nullable String orderId, @Nullable String virtualNumber, @Nullable String callType, @Nullable String caller,
		@Nullable String callerRole, @Nullable String action, @Nullable String reason, @Nullable Instant startedAt,
		@Nullable Instant ringingAt, @Nullable Instant answeredAt, @Nullable Instant endedAt,
		@Nullable Integer ringSeconds, @Nullable Integer talkSeconds, @Nullable Integer releaseCause,
		@Nullable String releaseDirection, boolean recording) {
}
