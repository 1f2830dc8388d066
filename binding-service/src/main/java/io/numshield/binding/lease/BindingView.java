package io.numshield.binding.lease;

import io.numshield.core.redis.CallControls;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.time.Instant;

/**
 * A binding as the API shows it: parties masked, never in full. AXE: {@code extension}
 * and {@code dialString} ({@code X,extension}, what a caller dials); the binding's own
 * call controls when it was given any.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record BindingView(String bindingId, String mode, String orderId, String virtualNumber, String partyA,
		String partyB, String direction, boolean recording, Instant createdAt, Instant expiresAt, String status,
		Instant releasedAt, String releaseReason, String extension, String dialString, Integer maxCallDurationSeconds,
		String announcementId, String ringbackToneId) {

	static BindingView of(String bindingId, String mode, String orderId, String virtualNumber, String partyA,
			String partyB, String direction, boolean recording, Instant createdAt, Instant expiresAt, String status,
			Instant releasedAt, String releaseReason, String extension, CallControls controls) {
		return new BindingView(bindingId, mode, orderId, virtualNumber, partyA, partyB, direction, recording, createdAt,
				expiresAt, status, releasedAt, releaseReason, extension,
				extension == null ? null : virtualNumber + ',' + extension, controls.maxDurationSeconds(),
				controls.announcementId(), controls.ringbackToneId());
	}
}
