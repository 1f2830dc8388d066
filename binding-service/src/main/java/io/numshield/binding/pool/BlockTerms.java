package io.numshield.binding.pool;

import io.numshield.core.redis.CallControls;

/**
 * A pool's settings as each of its blocks carries them on its shard ({@code bp}): what
 * the lease scripts need, and the call controls call-routing reads from there.
 *
 * @param poolId the pool
 * @param maxBindingsPerNumber AXB pairs a number carries at once
 * @param cooldownMillis how long a released AXN number rests
 * @param extensionDigits how many digits an AXE extension has
 * @param maxExtensionsPerNumber AXE bindings a number carries at once
 * @param callControls the pool's call controls (defaults a binding may override)
 */
public record BlockTerms(String poolId, int maxBindingsPerNumber, long cooldownMillis, int extensionDigits,
		int maxExtensionsPerNumber, CallControls callControls) {
}
