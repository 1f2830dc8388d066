package io.numshield.console.operator;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** A pool as {@code GET /v1/pools} shows it (the fields the pages use). */
@JsonIgnoreProperties(ignoreUnknown = true)
public record PoolSnapshot(String poolId, @Nullable String region, String numberKind, int blocks, long numbers,
		long activeBindings, long numbersInUse, double utilization) {

	public long free() {
		return Math.max(0, numbers - numbersInUse);
	}

	public String percent() {
		return String.format(java.util.Locale.ROOT, "%.2f %%", utilization * 100);
	}

	/** {@code GET /v1/pools}. */
	@JsonIgnoreProperties(ignoreUnknown = true)
	public record PoolList(List<PoolSnapshot> pools) {
	}

}
