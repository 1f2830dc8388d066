package io.numshield.binding.platform;

import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * What the lease path needs to know of a platform, read once and cached. Not its status:
 * that is read from the shard mirror by the scripts (lib.lua {@code platform_refusal}),
 * the one place that decides whether a platform may lease or change a binding.
 * {@code industrialId}: what its leases carry unless they name their own (ADR 0028), or
 * null.
 */
public record PlatformSettings(String platformId, List<String> pools, Long maxActiveBindings,
		@Nullable String industrialId) {

	/** A platform without an industrial identifier. */
	public PlatformSettings(String platformId, List<String> pools, Long maxActiveBindings) {
		this(platformId, pools, maxActiveBindings, null);
	}
}
