package io.numshield.client;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * A binding as the API shows it: parties masked ({@code 138****8000}). {@code partyB} is
 * {@code null} for AXN; {@code releasedAt} and {@code releaseReason} (e.g.
 * {@code DELETED}, {@code PLATFORM_REVOKED}) only once it ended ({@code status}
 * {@code RELEASED} or {@code EXPIRED}).
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Binding(String bindingId, String mode, String orderId, String virtualNumber, String partyA,
		@Nullable String partyB, String direction, boolean recording, Instant createdAt, Instant expiresAt,
		String status, @Nullable Instant releasedAt, @Nullable String releaseReason) {
}
