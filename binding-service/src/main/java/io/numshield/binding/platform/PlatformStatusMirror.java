package io.numshield.binding.platform;

/** Port: copies a platform's status to every shard, so that lease and routing scripts see it at once. */
public interface PlatformStatusMirror {

	void mirror(String platformId, PlatformStatus status);
}
