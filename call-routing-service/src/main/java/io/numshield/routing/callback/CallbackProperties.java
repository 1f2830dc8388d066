package io.numshield.routing.callback;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import java.time.Duration;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Platform callbacks ({@code numshield.callbacks.*}; environment
 * {@code NUMSHIELD_CALLBACKS_*}).
 *
 * @param pollInterval how often each shard's queue is looked at
 * @param batch at most this many due deliveries looked at per shard and poll (POSTs
 * claimed: at most this many, and no more than idle senders)
 * @param claimLease how long a claimed delivery is hidden from other instances
 * @param initialBackoff wait after the first failure; doubled after each further failure
 * @param maxBackoff the longest wait between two attempts
 * @param maxAge a delivery failing for longer than this is given up (dead letter); at
 * least 24 h in production
 * @param timeout connect and response timeout of one attempt
 * @param allowedInternal callback targets that may point inside although the address rule
 * refuses them ({@code NUMSHIELD_CALLBACKS_ALLOWED_INTERNAL}, comma-separated; the same
 * setting as binding-service's): {@code host}, {@code host:port} or a URL prefix; empty
 * by default
 */
@Validated
@ConfigurationProperties("numshield.callbacks")
public record CallbackProperties(@NotNull Duration pollInterval, @Min(1) int batch, @NotNull Duration claimLease,
		@NotNull Duration initialBackoff, @NotNull Duration maxBackoff, @NotNull Duration maxAge,
		@NotNull Duration timeout, @DefaultValue List<String> allowedInternal) {

	/** Wait before the next attempt after {@code failures} failed ones. */
	Duration backoffAfter(int failures) {
		long millis = initialBackoff.toMillis() << Math.min(30, Math.max(0, failures - 1));
		return Duration.ofMillis(Math.min(millis, maxBackoff.toMillis()));
	}
}
