package io.numshield.binding.pool;

import io.numshield.core.number.ManagementNumber;

import java.util.List;

/** What the lease path needs to know of a pool, read once and cached. */
public record PoolSettings(String poolId, NumberKind numberKind, int maxBindingsPerNumber, long cooldownSeconds,
		List<ManagementNumber> blocks, int extensionDigits, int maxExtensionsPerNumber, boolean requireIdentityReport) {

	/** A pool that leases without a real-name report of party A. */
	public PoolSettings(String poolId, NumberKind numberKind, int maxBindingsPerNumber, long cooldownSeconds,
			List<ManagementNumber> blocks, int extensionDigits, int maxExtensionsPerNumber) {
		this(poolId, numberKind, maxBindingsPerNumber, cooldownSeconds, blocks, extensionDigits, maxExtensionsPerNumber,
				false);
	}

	public boolean contains(ManagementNumber block) {
		return blocks.contains(block);
	}
}
