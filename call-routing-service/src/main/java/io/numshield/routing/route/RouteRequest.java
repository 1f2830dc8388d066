package io.numshield.routing.route;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/** {@code POST /v1/call-routes}: a carrier's question at call setup. */
public record RouteRequest(@NotNull @Pattern(regexp = "[A-Za-z0-9._:@-]{1,128}") String callId,
		@NotBlank @Size(max = 32) String caller, @NotBlank @Size(max = 32) String called,
		@NotNull CallType type) {

	/** What is being set up; SMS follows the same rules as voice. */
	public enum CallType {
		VOICE, SMS
	}
}
