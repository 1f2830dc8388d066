package io.numshield.binding.lease;

import io.numshield.core.redis.CallControls;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.time.Instant;

/**
 * A binding as the API shows it: parties masked, never in full. AXE: {@code extension}
 * and {@code dialString} ({@code X,extension}, what a caller dials); the binding's own
 * call controls when it was given any. {@code regionUsed} (the leased number's pool's
 * city code, or its province code for a pool of a province alone) and
 * {@code regionMatch}: on the answer to a create that named a {@code region} only (ADR
 * 0023). {@code groupId}: an AXG binding's group (ADR 0024).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record BindingView(String bindingId, String mode, String orderId, String virtualNumber, String partyA,
		String partyB, String direction, boolean recording, Instant createdAt, Instant expiresAt, String status,
		Instant releasedAt, String releaseReason, String extension, String dialString, Integer maxCallDurationSeconds,
		String announcementId, String ringbackToneId, String regionUsed, String regionMatch, String groupId) {

	static BindingView of(String bindingId, String mode, String orderId, String virtualNumber, String partyA,
			String partyB, String direction, boolean recording, Instant createdAt, Instant expiresAt, String status,
			Instant releasedAt, String releaseReason, String extension, CallControls controls, String groupId) {
		return new BindingView(bindingId, mode, orderId, virtualNumber, partyA, partyB, direction, recording, createdAt,
				expiresAt, status, releasedAt, releaseReason, extension,
				extension == null ? null : virtualNumber + ',' + extension, controls.maxDurationSeconds(),
				controls.announcementId(), controls.ringbackToneId(), null, null, groupId);
	}

	/** This view with the region a create chose its number by. */
	BindingView inRegion(String used, RegionPolicy.Match match) {
		return new BindingView(bindingId, mode, orderId, virtualNumber, partyA, partyB, direction, recording, createdAt,
				expiresAt, status, releasedAt, releaseReason, extension, dialString, maxCallDurationSeconds,
				announcementId, ringbackToneId, used, match.name(), groupId);
	}
}
