package io.numshield.support.warmup;

import io.numshield.core.redis.RedisKeys;

import jakarta.servlet.Filter;

import java.util.List;

/**
 * What a service warms up with (a bean of the service; {@link WarmUpRunner} runs it):
 * synthetic live state under a key prefix of the warm-up's own, the service's hot filters
 * built again on that prefix and the warm-up's identity, and the requests of one round.
 */
public interface WarmUpPlan {

	/**
	 * Lays down what the requests need under {@code keys} (a prefix no real request,
	 * sweeper or the audit service reads) and answers the twin filters that serve the
	 * warm-up's requests.
	 */
	List<Filter> prepare(RedisKeys keys, WarmUpIdentity identity);

	/**
	 * One round of requests, e.g. a bind, its read and its release; a failure ends the
	 * warm-up.
	 */
	void round(WarmUpClient client, long round) throws Exception;

	/**
	 * Forgets what {@link #prepare} put outside Redis (the runner deletes every key under
	 * the prefix).
	 */
	default void finish() {
	}

	/**
	 * The n-th party of the warm-up: the test fixtures' series ({@code 138000nnnnn}), no
	 * real number.
	 */
	static String fixture(long n) {
		return "138000" + String.format("%05d", n % 100_000);
	}

}
