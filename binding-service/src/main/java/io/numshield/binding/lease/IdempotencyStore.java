package io.numshield.binding.lease;

import java.time.Duration;
import java.util.concurrent.CompletionStage;

/**
 * Port: remembers, per platform and Idempotency-Key, which request body came first and
 * what it got.
 */
public interface IdempotencyStore {

	/**
	 * Claims the key for a body fingerprint, or tells who has it: the first fingerprint
	 * and, once done, its response.
	 */
	Claim claim(String platformId, String key, String fingerprint, Duration ttl);

	void complete(String platformId, String key, String fingerprint, String response, Duration ttl);

	/**
	 * {@link #complete}, without waiting: the stage completes on the store's I/O thread.
	 */
	CompletionStage<Void> completeAsync(String platformId, String key, String fingerprint, String response,
			Duration ttl);

	/**
	 * Forgets a claim whose request failed, so that the client may retry with the same
	 * key.
	 */
	void abandon(String platformId, String key);

	/** {@link #abandon}, without waiting, as {@link #completeAsync}. */
	CompletionStage<Void> abandonAsync(String platformId, String key);

	/** {@code response} is null while the first request is still running. */
	record Claim(boolean claimed, String fingerprint, String response) {
	}

}
