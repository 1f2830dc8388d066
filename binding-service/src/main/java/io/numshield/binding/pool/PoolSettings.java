package io.numshield.binding.pool;

import io.numshield.core.number.ManagementNumber;

import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * What the lease path needs to know of a pool, read once and cached. {@code cityCode} and
 * {@code provinceCode} (GB/T 2260, ADR 0023) are {@code null} when the pool has none.
 */
public record PoolSettings(String poolId, NumberKind numberKind, int maxBindingsPerNumber, long cooldownSeconds,
		List<ManagementNumber> blocks, int extensionDigits, int maxExtensionsPerNumber, boolean requireIdentityReport,
		@Nullable String cityCode, @Nullable String provinceCode) {

	/** A pool in no region that leases without a real-name report of party A. */
	public PoolSettings(String poolId, NumberKind numberKind, int maxBindingsPerNumber, long cooldownSeconds,
			List<ManagementNumber> blocks, int extensionDigits, int maxExtensionsPerNumber) {
		this(poolId, numberKind, maxBindingsPerNumber, cooldownSeconds, blocks, extensionDigits, maxExtensionsPerNumber,
				false, null, null);
	}

	public boolean contains(ManagementNumber block) {
		return blocks.contains(block);
	}
}
