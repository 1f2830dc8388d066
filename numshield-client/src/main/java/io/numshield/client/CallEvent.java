package io.numshield.client;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * {@code POST /v1/call-events} (CARRIER): what happened to a routed call. Recorded in the
 * audit trail and, when it belongs to a binding, delivered to the owning platform's
 * {@code callbackUrl}. Build one with {@link #ringing}, {@link #answered} or
 * {@link #hangup}; absent fields are left out.
 *
 * @param callId the id the call was routed with
 * @param bindingId the binding the route answered, if known
 * @param caller the calling real number
 * @param called the dialed virtual number
 * @param event {@code RINGING}, {@code ANSWERED} or {@code HANGUP}
 * @param occurredAt when it happened
 * @param durationSeconds the talk time, 0..86400 (a hang-up)
 * @param releaseCause the Q.850 cause, 0..127 (a hang-up)
 * @param releaseDirection who hung up: {@code CALLER}, {@code CALLEE} or {@code PLATFORM}
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CallEvent(String callId, @Nullable String bindingId, String caller, String called, String event,
		Instant occurredAt, @Nullable Integer durationSeconds, @Nullable Integer releaseCause,
		@Nullable String releaseDirection) {

	public static CallEvent ringing(String callId, String caller, String called, Instant occurredAt) {
		return new CallEvent(callId, null, caller, called, "RINGING", occurredAt, null, null, null);
	}

	public static CallEvent answered(String callId, String caller, String called, Instant occurredAt) {
		return new CallEvent(callId, null, caller, called, "ANSWERED", occurredAt, null, null, null);
	}

	public static CallEvent hangup(String callId, String caller, String called, Instant occurredAt,
			int durationSeconds) {
		return new CallEvent(callId, null, caller, called, "HANGUP", occurredAt, durationSeconds, null, null);
	}

	/** The binding the route named ({@link RouteAnswer#bindingId()}). */
	public CallEvent withBindingId(String binding) {
		return new CallEvent(callId, binding, caller, called, event, occurredAt, durationSeconds, releaseCause,
				releaseDirection);
	}

	/** A hang-up's Q.850 cause and who hung up. */
	public CallEvent withRelease(int cause, String direction) {
		return new CallEvent(callId, bindingId, caller, called, event, occurredAt, durationSeconds, cause, direction);
	}
}
