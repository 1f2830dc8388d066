package io.numshield.core.redis;

import java.util.List;

/**
 * A call of {@code route.lua}: the carrier's question at call setup, decided and recorded
 * (CALL_ROUTED) on the dialed number's shard.
 *
 * @param called the dialed virtual number's digits
 * @param callId the carrier's call id
 * @param callerIndex the caller's blind index
 * @param callerCiphertext the caller's number, encrypted (kept as an AXN holder's last
 * caller)
 * @param callType VOICE or SMS
 * @param callRateLimit how many distinct numbers of a shard a caller may dial in the
 * window
 * @param callRateWindowMillis that window
 * @param callbackWindowMillis how long an AXN holder may call back the last caller
 * @param expiredAnswerWindowMillis how long after its end a binding still answers
 * BINDING_EXPIRED
 * @param eventId the CALL_ROUTED event's id
 * @param callStreamLimit the call stream's bound: at it, nothing is decided (backlog)
 * @param callerMasked the caller's masked number, for the platform's CALL_STARTED
 * callback ("" leaves it out)
 * @param extension the dialed extension of an AXE number, or "" for none
 */
public record RouteCall(String called, String callId, String callerIndex, String callerCiphertext, String callType,
		int callRateLimit, long callRateWindowMillis, long callbackWindowMillis, long expiredAnswerWindowMillis,
		String eventId, long callStreamLimit, String callerMasked,
		String extension) implements ScriptCall<RouteCall.Decision> {

	/**
	 * A call without the caller's masked number and without an extension (tests and
	 * benchmarks of the decision).
	 */
	public RouteCall(String called, String callId, String callerIndex, String callerCiphertext, String callType,
			int callRateLimit, long callRateWindowMillis, long callbackWindowMillis, long expiredAnswerWindowMillis,
			String eventId, long callStreamLimit) {
		this(called, callId, callerIndex, callerCiphertext, callType, callRateLimit, callRateWindowMillis,
				callbackWindowMillis, expiredAnswerWindowMillis, eventId, callStreamLimit, "", "");
	}

	/**
	 * The action of the reply that says the call stream is at its bound and nothing was
	 * decided.
	 */
	static final String BACKLOG = "BACKLOG";

	@Override
	public LeaseScript script() {
		return LeaseScript.ROUTE;
	}

	@Override
	public List<String> arguments() {
		return List.of(called, callId, callerIndex, callerCiphertext, callType, Integer.toString(callRateLimit),
				Long.toString(callRateWindowMillis), Long.toString(callbackWindowMillis),
				Long.toString(expiredAnswerWindowMillis), eventId, Long.toString(callStreamLimit),
				callerMasked == null ? "" : callerMasked, extension == null ? "" : extension);
	}

	/**
	 * Reads
	 * {@code { action, reason, bindingId, platformId, record (0|1), calleeCiphertext,
	 * calleePosition, callControls }}, "" for absent; {@code { BACKLOG }} when the call
	 * stream is full.
	 */
	@Override
	public Decision reply(List<?> values) {
		String position = ScriptCall.at(values, 6);
		return new Decision(ScriptCall.at(values, 0), blankToNull(ScriptCall.at(values, 1)),
				blankToNull(ScriptCall.at(values, 2)), blankToNull(ScriptCall.at(values, 3)),
				"1".equals(ScriptCall.at(values, 4)), blankToNull(ScriptCall.at(values, 5)),
				position.isEmpty() ? 0 : Integer.parseInt(position),
				values.size() > 7 ? blankToNull(ScriptCall.at(values, 7)) : null);
	}

	private static String blankToNull(String value) {
		return value.isEmpty() ? null : value;
	}

	/**
	 * What the route script decided.
	 *
	 * @param action CONNECT, REJECT, or BACKLOG (nothing decided, nothing recorded)
	 * @param reason why a REJECT, else null
	 * @param bindingId the binding the decision is about, or null
	 * @param platformId that binding's platform, or null
	 * @param record whether the call is recorded
	 * @param calleeCiphertext the parties' ciphertext that holds the callee (CONNECT
	 * only)
	 * @param calleePosition the callee's place in it, from 1 (CONNECT only, else 0)
	 * @param callControls the binding's own call controls (CONNECT only), as the record
	 * stores them, or null
	 */
	public record Decision(String action, String reason, String bindingId, String platformId, boolean record,
			String calleeCiphertext, int calleePosition, String callControls) {

		/** Whether the call stream was at its bound, so that nothing was decided. */
		public boolean backlog() {
			return BACKLOG.equals(action);
		}

		/**
		 * Whether the call goes through to {@link #calleePosition} of
		 * {@link #calleeCiphertext}.
		 */
		public boolean connect() {
			return "CONNECT".equals(action);
		}
	}
}
