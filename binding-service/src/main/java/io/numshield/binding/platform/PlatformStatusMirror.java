package io.numshield.binding.platform;

/**
 * Port: copies a platform's status to every shard, so that lease and routing scripts see
 * it at once.
 */
public interface PlatformStatusMirror {

	/**
	 * Copies the status to every shard; records nothing (the change's event is
	 * {@link PlatformLedger}'s).
	 */
	void mirror(String platformId, PlatformStatus status);

	/**
	 * Removes the platform from every shard: it does not exist (its creation did not
	 * commit).
	 */
	void forget(String platformId);

}
