package io.numshield.routing.route;

import io.numshield.core.problem.ProblemCode;
import io.numshield.core.problem.Refusal;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * Routing rules ({@code numshield.routing.*}; environment {@code NUMSHIELD_ROUTING_*}).
 *
 * @param callRateLimit a caller who dials more distinct virtual numbers than this within
 * the window is refused CALL_RATE_EXCEEDED (counted per shard: one shard holds whole
 * blocks, so a caller walking a block is caught; one spraying every shard is caught at up
 * to 64 times the limit)
 * @param callRateWindow the window of that count
 * @param callbackWindow how long the holder of an AXN number can call back its last
 * caller
 * @param expiredAnswerWindow how long a released or expired binding answers
 * BINDING_EXPIRED (at most binding-service's tombstone retention, 24 h by default)
 * @param callStreamLimit entries a shard's call stream ({@code <prefix>{NN}:calls}) may
 * hold; at the bound, routes and call events on that shard are refused 503 AUDIT_BACKLOG
 * rather than recorded nowhere. The audit service trims what it has stored every
 * {@code numshield.audit.trim-interval}, so the bound is on the unrecorded backlog plus
 * at most one trim interval of stored entries. Lease events have a stream of their own:
 * no volume of calls can hold back a bind.
 */
@Validated
@ConfigurationProperties("numshield.routing")
public record RoutingProperties(@Min(1) int callRateLimit, @NotNull Duration callRateWindow,
		@NotNull Duration callbackWindow, @NotNull Duration expiredAnswerWindow, @Min(1) long callStreamLimit) {

	/** The refusal when the call stream of the number's shard is at its bound. */
	public static Refusal callBacklog() {
		return new Refusal(ProblemCode.AUDIT_BACKLOG,
				"the audit trail of this number's calls is too far behind to record more; retry shortly");
	}
}
