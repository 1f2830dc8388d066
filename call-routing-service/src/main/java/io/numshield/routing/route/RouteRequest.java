package io.numshield.routing.route;

import io.numshield.core.id.CallId;
import io.numshield.core.number.DialedNumber;
import io.numshield.support.web.hot.Violations;

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

	private static final java.util.regex.Pattern EXTENSION = java.util.regex.Pattern
		.compile(DialedNumber.EXTENSION_PATTERN);

	/**
	 * The annotations above, in code, for the hot path ({@link Violations}; the tests
	 * hold the two to the same answers).
	 */
	public void check(Violations v) {
		v.notNull("callId", callId)
			.id("callId", callId, CallId::isValid, "must match \"" + CallId.PATTERN + "\"")
			.notBlank("caller", caller)
			.size("caller", caller, 0, 32)
			.notBlank("called", called)
			.size("called", called, 0, 32)
			.notNull("type", type)
			.pattern("extension", extension, EXTENSION);
	}

	/** The number and extension dialed. */
	public DialedNumber dialed() {
		return DialedNumber.parse(called, extension);
	}

	/** What is being set up; SMS follows the same rules as voice. */
	public enum CallType {

		VOICE, SMS

	}
}
