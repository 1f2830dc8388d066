package io.numshield.routing.route;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * Routing rules ({@code numshield.routing.*}; environment {@code NUMSHIELD_ROUTING_*}).
 *
 * @param callRateLimit a caller who dials more distinct virtual numbers than this within the window
 * is refused CALL_RATE_EXCEEDED (counted per shard: one shard holds whole blocks, so a caller walking
 * a block is caught; one spraying every shard is caught at up to 64 times the limit)
 * @param callRateWindow the window of that count
 * @param callbackWindow how long the holder of an AXN number can call back its last caller
 * @param expiredAnswerWindow how long a released or expired binding answers BINDING_EXPIRED (at most
 * binding-service's tombstone retention, 24 h by default)
 */
@Validated
@ConfigurationProperties("numshield.routing")
public record RoutingProperties(@Min(1) int callRateLimit, @NotNull Duration callRateWindow,
		@NotNull Duration callbackWindow, @NotNull Duration expiredAnswerWindow) {
}
