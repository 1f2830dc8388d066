package io.numshield.client;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * {@code PATCH /v1/bindings/{id}}: a new lifetime, a new party B, whether calls are
 * recorded, and the binding's own call controls; {@code null} fields are left as they
 * are.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record BindingUpdate(@Nullable Long ttlSeconds, @Nullable Instant expiresAt, @Nullable String partyB,
		@Nullable Boolean recording, @Nullable Integer maxCallDurationSeconds, @Nullable String announcementId,
		@Nullable String ringbackToneId) {

	public BindingUpdate(@Nullable Long ttlSeconds, @Nullable Instant expiresAt, @Nullable String partyB) {
		this(ttlSeconds, expiresAt, partyB, null, null, null, null);
	}

	public static BindingUpdate ttl(long seconds) {
		return new BindingUpdate(seconds, null, null);
	}

	public static BindingUpdate newPartyB(String partyB) {
		return new BindingUpdate(null, null, partyB);
	}

	/** Whether the carrier is to record the binding's calls from now on. */
	public static BindingUpdate recording(boolean value) {
		return new BindingUpdate(null, null, null, value, null, null, null);
	}

	/**
	 * The binding's own call controls: each one given replaces the binding's own, each
	 * {@code null} stays as it is.
	 */
	public static BindingUpdate callControls(@Nullable Integer maxDurationSeconds, @Nullable String announcement,
			@Nullable String ringbackTone) {
		return new BindingUpdate(null, null, null, null, maxDurationSeconds, announcement, ringbackTone);
	}
}
