package io.numshield.routing.route;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * The contract's answer: CONNECT with the callee's full number (for the carrier only) and
 * the virtual number to show, or REJECT with a reason the carrier can announce.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RouteAnswer(String action, String callId, String bindingId, String callee, String displayNumber,
		Boolean record, String reason) {

	static RouteAnswer connect(String callId, String bindingId, String callee, String displayNumber, boolean record) {
		return new RouteAnswer("CONNECT", callId, bindingId, callee, displayNumber, record, null);
	}

	static RouteAnswer reject(String callId, String reason) {
		return new RouteAnswer("REJECT", callId, null, null, null, null, reason);
	}
}
