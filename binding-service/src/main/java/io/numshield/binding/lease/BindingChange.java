package io.numshield.binding.lease;

import io.numshield.core.redis.CallControls;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import java.time.Instant;

/**
 * {@code PATCH /v1/bindings/{id}}: a new expiry, a new party B, whether calls are
 * recorded, and the binding's own call controls (each one given replaces the binding's
 * own; the others stay).
 */
public record BindingChange(Integer ttlSeconds, Instant expiresAt, @Size(max = 32) String partyB, Boolean recording,
		@Min(1) @Max(CallControls.MAX_DURATION_LIMIT) Integer maxCallDurationSeconds,
		@Pattern(regexp = CallControls.ID_PATTERN, message = "must be 1..64 of [A-Za-z0-9._-]") String announcementId,
		@Pattern(regexp = CallControls.ID_PATTERN, message = "must be 1..64 of [A-Za-z0-9._-]") String ringbackToneId) {

	/** A new expiry and/or party B, nothing else. */
	public BindingChange(Integer ttlSeconds, Instant expiresAt, String partyB) {
		this(ttlSeconds, expiresAt, partyB, null, null, null, null);
	}

	/** The call controls given (each null: unchanged). */
	public CallControls callControls() {
		return new CallControls(maxCallDurationSeconds, announcementId, ringbackToneId);
	}

	/** Whether nothing at all is asked. */
	boolean empty() {
		return ttlSeconds == null && expiresAt == null && partyB == null && recording == null && callControls().none();
	}
}
