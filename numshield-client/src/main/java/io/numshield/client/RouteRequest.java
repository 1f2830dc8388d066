package io.numshield.client;

/**
 * {@code POST /v1/call-routes} (CARRIER): where does a call or SMS from {@code caller} (a
 * real number) to {@code called} (the dialed virtual number) go?
 *
 * @param callId the carrier's id of the call, 1..128 of {@code [A-Za-z0-9._:@-]}
 * @param caller the calling real number, national or E.164
 * @param called the dialed virtual number ({@code 700} + 12 digits)
 * @param type {@code VOICE} or {@code SMS}
 */
public record RouteRequest(String callId, String caller, String called, String type) {

	public static RouteRequest voice(String callId, String caller, String called) {
		return new RouteRequest(callId, caller, called, "VOICE");
	}

	public static RouteRequest sms(String callId, String caller, String called) {
		return new RouteRequest(callId, caller, called, "SMS");
	}
}
