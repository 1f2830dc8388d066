package io.numshield.routing.event;

import io.numshield.core.id.CallId;
import io.numshield.core.number.DialedNumber;
import io.numshield.core.redis.BindingId;
import io.numshield.support.web.hot.Violations;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import java.time.Instant;

/**
 * {@code POST /v1/call-events}, as the contract has it. {@code recordingLocation} (an
 * object-store key or a URL, no white space) comes with RECORDING_READY and with nothing
 * else.
 */
public record CallEventRequest(@NotNull @Pattern(regexp = CallId.PATTERN) String callId,
		@Pattern(regexp = BindingId.PATTERN) String bindingId, @NotBlank @Size(max = 32) String caller,
		@NotBlank @Size(max = 32) String called, @NotNull Kind event, @NotNull Instant occurredAt,
		@Min(0) @Max(86_400) Integer durationSeconds, @Min(0) @Max(127) Integer releaseCause,
		ReleaseDirection releaseDirection, @Min(300) @Max(699) Integer sipStatus,
		@Pattern(regexp = DialedNumber.EXTENSION_PATTERN) String extension,
		@Size(min = 1, max = 1024) @Pattern(regexp = "\\S+") String recordingLocation) {

	private static final java.util.regex.Pattern EXTENSION = java.util.regex.Pattern
		.compile(DialedNumber.EXTENSION_PATTERN);

	private static final java.util.regex.Pattern NO_WHITE_SPACE = java.util.regex.Pattern.compile("\\S+");

	/**
	 * The annotations above, in code, for the hot path ({@link Violations}; the tests
	 * hold the two to the same answers).
	 */
	public void check(Violations v) {
		v.notNull("callId", callId)
			.id("callId", callId, CallId::isValid, "must match \"" + CallId.PATTERN + "\"")
			.id("bindingId", bindingId, BindingId::isValid, "must match \"" + BindingId.PATTERN + "\"")
			.notBlank("caller", caller)
			.size("caller", caller, 0, 32)
			.notBlank("called", called)
			.size("called", called, 0, 32)
			.notNull("event", event)
			.notNull("occurredAt", occurredAt)
			.range("durationSeconds", durationSeconds, 0, 86_400)
			.range("releaseCause", releaseCause, 0, 127)
			.range("sipStatus", sipStatus, 300, 699)
			.pattern("extension", extension, EXTENSION)
			.size("recordingLocation", recordingLocation, 1, 1024)
			.pattern("recordingLocation", recordingLocation, NO_WHITE_SPACE);
	}

	/** The number and AXE extension dialed. */
	public DialedNumber dialed() {
		return DialedNumber.parse(called, extension);
	}

	/**
	 * What happened to the call; for an SMS relayed through the number, whether the
	 * callee's side took it (a 2xx) or not.
	 */
	public enum Kind {

		RINGING, ANSWERED, HANGUP, SMS_DELIVERED, SMS_FAILED,
		/**
		 * The carrier's recording of the call is stored, at {@code recordingLocation}.
		 */
		RECORDING_READY

	}

	/** Who ended the call. */
	public enum ReleaseDirection {

		CALLER, CALLEE, PLATFORM

	}
}
