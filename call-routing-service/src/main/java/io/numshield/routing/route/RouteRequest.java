package io.numshield.routing.route;

import io.numshield.core.id.CallId;
import io.numshield.core.number.DialedNumber;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/**
 * {@code POST /v1/call-routes}: a carrier's question at call setup. An AXE extension
 * comes in {@code extension} or after the number in {@code called}
 * ({@link DialedNumber}).
 */
public record RouteRequest(@NotNull @Pattern(regexp = CallId.PATTERN) String callId,
		@NotBlank @Size(max = 32) String caller, @NotBlank @Size(max = 32) String called, @NotNull CallType type,
		@Pattern(regexp = DialedNumber.EXTENSION_PATTERN) String extension) {

	/** The number and extension dialed. */
	public DialedNumber dialed() {
		return DialedNumber.parse(called, extension);
	}

	/** What is being set up; SMS follows the same rules as voice. */
	public enum CallType {

		VOICE, SMS

	}
}
