package io.numshield.client;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * {@code GET /v1/inventory}: the platform's pools in its preference order and its quota.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Inventory(String platformId, List<Pool> pools, Quota quota) {

	/**
	 * One of the platform's pools: its numbers, those free now (neither leased nor
	 * cooling down, whichever platform holds the others) and the platform's own active
	 * bindings in it; {@code region} {@code null} for a pool in no region.
	 */
	@JsonIgnoreProperties(ignoreUnknown = true)
	public record Pool(String poolId, @Nullable String region, long numbers, long freeNumbers, long activeBindings) {
	}

	/**
	 * {@code maxActiveBindings} and {@code left} are {@code null} for a platform without
	 * a quota.
	 */
	@JsonIgnoreProperties(ignoreUnknown = true)
	public record Quota(@Nullable Long maxActiveBindings, long activeBindings, @Nullable Long left) {
	}
}
