package io.numshield.binding.platform;

import io.numshield.core.callback.PlatformCallbacks;

/**
 * Port: copies a platform's status to every shard, so that lease and routing scripts see
 * it at once.
 */
public interface PlatformStatusMirror {

	/**
	 * Copies the status, with the callbacks the platform wants, to every shard; records
	 * nothing (the change's event is {@link PlatformLedger}'s).
	 */
	void mirror(String platformId, PlatformStatus status, PlatformCallbacks callbacks);

	/**
	 * Removes the platform from every shard: it does not exist (its creation did not
	 * commit).
	 */
	void forget(String platformId);

}
