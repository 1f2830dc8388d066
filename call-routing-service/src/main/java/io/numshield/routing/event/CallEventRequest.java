package io.numshield.routing.event;

import io.numshield.core.id.CallId;
import io.numshield.core.number.DialedNumber;
import io.numshield.core.redis.BindingId;

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
