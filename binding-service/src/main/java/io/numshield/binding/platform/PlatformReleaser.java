package io.numshield.binding.platform;

/**
 * Port: releases every active binding of a platform (revocation). Answers how many it
 * released.
 */
public interface PlatformReleaser {

	long releaseAll(String platformId, String reason);

}
