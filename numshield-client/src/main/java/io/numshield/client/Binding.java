package io.numshield.client;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * A binding as the API shows it: parties masked ({@code 138****8000}). {@code partyB} is
 * {@code null} for AXN (and AXE without one); {@code releasedAt} and
 * {@code releaseReason} (e.g. {@code DELETED}, {@code PLATFORM_REVOKED}) only once it
 * ended ({@code status} {@code RELEASED} or {@code EXPIRED}); {@code extension} and
 * {@code dialString} (what a caller dials, {@code X,0042}) only for AXE; the call
 * controls only when the binding was given its own; {@code regionUsed} (the leased
 * number's pool's city or province code) and {@code regionMatch} ({@code CITY},
 * {@code PROVINCE}, {@code ANY}) only in the answer to a bind that named a region;
 * {@code groupId} only for AXG.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Binding(String bindingId, String mode, String orderId, String virtualNumber, String partyA,
		@Nullable String partyB, String direction, boolean recording, Instant createdAt, Instant expiresAt,
		String status, @Nullable Instant releasedAt, @Nullable String releaseReason, @Nullable String extension,
		@Nullable String dialString, @Nullable Integer maxCallDurationSeconds, @Nullable String announcementId,
		@Nullable String ringbackToneId, @Nullable String regionUsed, @Nullable String regionMatch,
		@Nullable String groupId) {
}
