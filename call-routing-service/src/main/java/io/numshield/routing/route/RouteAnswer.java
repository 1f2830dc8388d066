package io.numshield.routing.route;

import io.numshield.core.redis.CallControls;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * The contract's answer: CONNECT with the callee's full number (for the carrier only),
 * the virtual number to show and the call controls (each absent when unset), or REJECT
 * with a reason the carrier can announce.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RouteAnswer(String action, String callId, String bindingId, String callee, String displayNumber,
		Boolean record, Integer maxDurationSeconds, String announcementId, String ringbackToneId, String reason) {

	static RouteAnswer connect(String callId, String bindingId, String callee, String displayNumber, boolean record,
			CallControls controls) {
		return new RouteAnswer("CONNECT", callId, bindingId, callee, displayNumber, record,
				controls.maxDurationSeconds(), controls.announcementId(), controls.ringbackToneId(), null);
	}

	static RouteAnswer reject(String callId, String reason) {
		return new RouteAnswer("REJECT", callId, null, null, null, null, null, null, null, reason);
	}
}
