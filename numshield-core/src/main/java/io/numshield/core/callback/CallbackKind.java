package io.numshield.core.callback;

/**
 * What a platform can hear of by callback, each switchable per platform
 * ({@code callbackEvents}): the routing decision, the carrier's call events, and the end
 * of a binding by expiry. The call-event kinds carry the {@code event} value of
 * {@code POST /v1/call-events} by name: the scripts compare names, so a call event is
 * filtered by whatever its {@code event} is called.
 */
public enum CallbackKind {

	/** Every routing decision that names a binding, refused ones with their reason. */
	CALL_STARTED,
	/** Call event: the callee's phone rings. */
	RINGING,
	/** Call event: the callee answered. */
	ANSWERED,
	/** Call event: the call ended; the callback carries the call's summary. */
	HANGUP,
	/** Call event: the carrier's recording is stored (never its location). */
	RECORDING_READY,
	/** Call event: an SMS was relayed to the callee. */
	SMS_DELIVERED,
	/** Call event: an SMS could not be relayed. */
	SMS_FAILED,
	/** The binding's time ran out (the expiry sweep, or a release that found it over). */
	BINDING_EXPIRED

}
