package io.numshield.binding.pool;

import java.time.Instant;

import com.fasterxml.jackson.annotation.JsonInclude;

import org.jspecify.annotations.Nullable;

/**
 * A block as the API shows it after a drain: its pool, its numbers, and since when it
 * leases nothing new (absent while it leases).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record BlockView(String managementNumber, String poolId, int numbers, boolean draining,
		@Nullable Instant drainingSince) {
}
