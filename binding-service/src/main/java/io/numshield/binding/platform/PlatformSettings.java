package io.numshield.binding.platform;

import java.util.List;

/**
 * What the lease path needs to know of a platform, read once and cached. Not its status:
 * that is read from the shard mirror by the scripts (lib.lua {@code platform_refusal}),
 * the one place that decides whether a platform may lease or change a binding.
 */
public record PlatformSettings(String platformId, List<String> pools, Long maxActiveBindings) {
}
