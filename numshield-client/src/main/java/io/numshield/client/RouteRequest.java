package io.numshield.client;

import com.fasterxml.jackson.annotation.JsonInclude;

import org.jspecify.annotations.Nullable;

/**
 * {@code POST /v1/call-routes} (CARRIER): where does a call or SMS from {@code caller} (a
 * real number) to {@code called} (the dialed virtual number) go?
 *
 * @param callId the carrier's id of the call, 1..128 of {@code [A-Za-z0-9._:@-]}
 * @param caller the calling real number, national or E.164
 * @param called the dialed virtual number ({@code 700} + 12 digits), for AXE with or
 * without the extension after it ({@code X,0042}, {@code X#0042}, {@code X0042})
 * @param type {@code VOICE} or {@code SMS}
 * @param extension AXE: the extension the carrier's IVR collected (1..6 digits), or
 * {@code null}
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RouteRequest(String callId, String caller, String called, String type, @Nullable String extension) {

	public RouteRequest(String callId, String caller, String called, String type) {
		this(callId, caller, called, type, null);
	}

	public static RouteRequest voice(String callId, String caller, String called) {
		return new RouteRequest(callId, caller, called, "VOICE");
	}

	public static RouteRequest sms(String callId, String caller, String called) {
		return new RouteRequest(callId, caller, called, "SMS");
	}

	/** The AXE extension dialed after X, passed apart from {@code called}. */
	public RouteRequest withExtension(String digits) {
		return new RouteRequest(callId, caller, called, type, digits);
	}
}
