package io.numshield.binding.lease;

import java.time.Instant;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The 700-segment transition.
 *
 * @param transitionCutover the instant after which LEGACY pools lease nothing
 * ({@code NUMSHIELD_TRANSITION_CUTOVER}); unset means no cut-over yet
 */
@ConfigurationProperties("numshield")
public record TransitionProperties(Instant transitionCutover) {

	public boolean legacyAllowedAt(Instant now) {
		return transitionCutover == null || now.isBefore(transitionCutover);
	}
}
