package io.numshield.audit.call;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * One call as a platform (or a regulator's export) sees it: the routing decision, the
 * carrier's events and their durations, the caller masked, whether a recording exists.
 * {@code ringSeconds}: from RINGING to ANSWERED (or to the end of a call never answered);
 * {@code talkSeconds}: the carrier's duration of the HANGUP, else from ANSWERED to the
 * end.
 */
public record CallRecord(String callId, @Nullable String bindingId, @Nullable String platformId,
		@Nullable String orderId, @Nullable String virtualNumber, @Nullable String callType, @Nullable String caller,
		@Nullable String callerRole, @Nullable String action, @Nullable String reason, Instant startedAt,
		@Nullable Instant ringingAt, @Nullable Instant answeredAt, @Nullable Instant endedAt,
		@Nullable Integer ringSeconds, @Nullable Integer talkSeconds, @Nullable Integer releaseCause,
		@Nullable String releaseDirection, boolean recording) {
}
