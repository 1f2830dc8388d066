package io.numshield.binding.number;

import java.time.Instant;

import com.fasterxml.jackson.annotation.JsonInclude;

import org.jspecify.annotations.Nullable;

/**
 * One virtual number's state as the API shows it: {@code FREE}, {@code LEASED} (with its
 * bindings: AXB pairs, 1 for AXN, extensions in use for AXE), {@code COOLING_DOWN}
 * (until) or {@code QUARANTINED} (until, absent while it has none; reason; bindings still
 * running out on it).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record NumberState(String virtualNumber, String state, int bindings, @Nullable Instant until,
		@Nullable String reason, @Nullable String poolId, @Nullable String managementNumber,
		@Nullable Boolean blockDraining) {

	/** The states of {@code GET .../numbers?state=}. */
	public static final String STATES = "FREE|LEASED|COOLING_DOWN|QUARANTINED";

}
