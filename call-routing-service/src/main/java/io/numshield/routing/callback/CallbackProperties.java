package io.numshield.routing.callback;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * Platform callbacks ({@code numshield.callbacks.*}; environment {@code NUMSHIELD_CALLBACKS_*}).
 *
 * @param pollInterval how often each shard's queue is looked at
 * @param batch at most this many deliveries claimed per shard and poll
 * @param claimLease how long a claimed delivery is hidden from other instances
 * @param initialBackoff wait after the first failure; doubled after each further failure
 * @param maxBackoff the longest wait between two attempts
 * @param maxAge a delivery failing for longer than this is given up (dead letter); at least 24 h in production
 * @param timeout connect and response timeout of one attempt
 */
@Validated
@ConfigurationProperties("numshield.callbacks")
public record CallbackProperties(@NotNull Duration pollInterval, @Min(1) int batch, @NotNull Duration claimLease,
		@NotNull Duration initialBackoff, @NotNull Duration maxBackoff, @NotNull Duration maxAge,
		@NotNull Duration timeout) {

	/** Wait before the next attempt after {@code failures} failed ones. */
	Duration backoffAfter(int failures) {
		long millis = initialBackoff.toMillis() << Math.min(30, Math.max(0, failures - 1));
		return Duration.ofMillis(Math.min(millis, maxBackoff.toMillis()));
	}
}
