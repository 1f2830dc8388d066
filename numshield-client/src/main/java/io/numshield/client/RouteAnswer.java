package io.numshield.client;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

import org.jspecify.annotations.Nullable;

/**
 * The answer to a {@link RouteRequest}: {@code CONNECT} to {@code callee} (E.164),
 * showing the callee {@code displayNumber} (the virtual number, never the caller's real
 * one), with the call controls the binding or its pool set ({@code maxDurationSeconds},
 * {@code announcementId}, {@code ringbackToneId}; {@code null} when unset); or
 * {@code REJECT} with a {@code reason} ({@code NO_BINDING}, {@code BINDING_EXPIRED},
 * {@code CALLER_NOT_PARTY}, {@code DIRECTION_NOT_ALLOWED}, {@code PLATFORM_SUSPENDED},
 * {@code CALLER_BLOCKED}, {@code CALL_RATE_EXCEEDED}, {@code NO_RECENT_CALLER},
 * {@code EXTENSION_REQUIRED}, {@code NOT_GROUP_MEMBER}), for the announcement to play.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record RouteAnswer(String action, String callId, @Nullable String bindingId, @Nullable String callee,
		@Nullable String displayNumber, @Nullable Boolean record, @Nullable String reason,
		@Nullable Integer maxDurationSeconds, @Nullable String announcementId, @Nullable String ringbackToneId) {

	/** Whether the call is to be connected ({@code action} {@code CONNECT}). */
	public boolean connects() {
		return "CONNECT".equals(action);
	}
}
