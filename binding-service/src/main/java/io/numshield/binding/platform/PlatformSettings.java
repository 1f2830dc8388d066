package io.numshield.binding.platform;

import java.util.List;

/** What the lease path needs to know of a platform, read once and cached. */
public record PlatformSettings(String platformId, PlatformStatus status, List<String> pools, Long maxActiveBindings) {
}
