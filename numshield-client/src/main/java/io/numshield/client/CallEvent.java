package io.numshield.client;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * {@code POST /v1/call-events} (CARRIER): what happened to a routed call or SMS. Recorded
 * in the audit trail and, when it belongs to a binding, delivered to the owning
 * platform's {@code callbackUrl}. Build one with {@link #ringing}, {@link #answered},
 * {@link #hangup}, {@link #recordingReady}, {@link #smsDelivered} or {@link #smsFailed};
 * absent fields are left out.
 *
 * @param callId the id the call was routed with
 * @param bindingId the binding the route answered, if known
 * @param caller the calling real number
 * @param called the dialed virtual number
 * @param event {@code RINGING}, {@code ANSWERED}, {@code HANGUP},
 * {@code RECORDING_READY}, {@code SMS_DELIVERED} or {@code SMS_FAILED}
 * @param occurredAt when it happened
 * @param durationSeconds the talk time, 0..86400 (a hang-up)
 * @param releaseCause the Q.850 cause, 0..127 (a hang-up)
 * @param releaseDirection who hung up: {@code CALLER}, {@code CALLEE} or {@code PLATFORM}
 * @param sipStatus an SMS relay's final SIP status, 300..699 (a failed SMS)
 * @param extension AXE: the extension the call was dialed with
 * @param recordingLocation where the carrier stored the recording (a key or URL in the
 * recording store; {@code RECORDING_READY} only)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CallEvent(String callId, @Nullable String bindingId, String caller, String called, String event,
		Instant occurredAt, @Nullable Integer durationSeconds, @Nullable Integer releaseCause,
		@Nullable String releaseDirection, @Nullable Integer sipStatus, @Nullable String extension,
		@Nullable String recordingLocation) {

	private static CallEvent of(String callId, String caller, String called, String event, Instant occurredAt) {
		return new CallEvent(callId, null, caller, called, event, occurredAt, null, null, null, null, null, null);
	}

	public static CallEvent ringing(String callId, String caller, String called, Instant occurredAt) {
		return of(callId, caller, called, "RINGING", occurredAt);
	}

	public static CallEvent answered(String callId, String caller, String called, Instant occurredAt) {
		return of(callId, caller, called, "ANSWERED", occurredAt);
	}

	public static CallEvent hangup(String callId, String caller, String called, Instant occurredAt,
			int durationSeconds) {
		return new CallEvent(callId, null, caller, called, "HANGUP", occurredAt, durationSeconds, null, null, null,
				null, null);
	}

	/**
	 * The call's recording is stored at {@code location} (never shown to the platform,
	 * which asks for a short-lived link instead).
	 */
	public static CallEvent recordingReady(String callId, String caller, String called, Instant occurredAt,
			String location) {
		return new CallEvent(callId, null, caller, called, "RECORDING_READY", occurredAt, null, null, null, null, null,
				location);
	}

	/** The SMS routed with {@code callId} reached the callee's side (a SIP 2xx). */
	public static CallEvent smsDelivered(String callId, String caller, String called, Instant occurredAt) {
		return of(callId, caller, called, "SMS_DELIVERED", occurredAt);
	}

	/** The SMS routed with {@code callId} was not taken: its final SIP status. */
	public static CallEvent smsFailed(String callId, String caller, String called, Instant occurredAt, int sipStatus) {
		return new CallEvent(callId, null, caller, called, "SMS_FAILED", occurredAt, null, null, null, sipStatus, null,
				null);
	}

	/** The binding the route named ({@link RouteAnswer#bindingId()}). */
	public CallEvent withBindingId(String binding) {
		return new CallEvent(callId, binding, caller, called, event, occurredAt, durationSeconds, releaseCause,
				releaseDirection, sipStatus, extension, recordingLocation);
	}

	/** A hang-up's Q.850 cause and who hung up. */
	public CallEvent withRelease(int cause, String direction) {
		return new CallEvent(callId, bindingId, caller, called, event, occurredAt, durationSeconds, cause, direction,
				sipStatus, extension, recordingLocation);
	}

	/** AXE: the extension the call was dialed with. */
	public CallEvent withExtension(String digits) {
		return new CallEvent(callId, bindingId, caller, called, event, occurredAt, durationSeconds, releaseCause,
				releaseDirection, sipStatus, digits, recordingLocation);
	}
}
