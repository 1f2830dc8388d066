package io.numshield.support.warmup;

import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The warm-up before a service reports ready (issue 10, point 5; {@link WarmUpRunner}).
 *
 * @param enabled whether the service warms up before it reports healthy
 * ({@code NUMSHIELD_WARMUP_ENABLED}); off by default so that tests and the services the
 * gateway's tests start do not wait for it; {@code make run} turns it on
 * @param duration how long the requests run ({@code NUMSHIELD_WARMUP_DURATION}); the
 * service reports healthy this much later, plus the set-up and the clean-up (well under a
 * second)
 * @param connections how many loopback connections send requests at once
 */
@Validated
@ConfigurationProperties("numshield.warmup")
public record WarmUpProperties(@DefaultValue("false") boolean enabled, @DefaultValue("5s") Duration duration,
		@DefaultValue("8") @Min(1) @Max(64) int connections) {

	/** Bounded well under a token's lifetime: the warm-up mints its tokens once. */
	@AssertTrue(message = "duration must be positive and at most 2 minutes")
	boolean isDurationBounded() {
		return duration != null && !duration.isNegative() && !duration.isZero()
				&& duration.compareTo(Duration.ofMinutes(2)) <= 0;
	}
}
