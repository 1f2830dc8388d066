package io.numshield.gateway.edge;

import io.lettuce.core.ScriptOutputType;
import io.numshield.core.redis.ScriptConnection;
import io.numshield.gateway.apikey.ActiveKey;
import io.numshield.gateway.system.RedisKeyPrefix;

import java.util.List;
import java.util.concurrent.CompletionStage;

import org.springframework.stereotype.Component;

/**
 * The two checks that need state shared by all gateway instances, in one Redis script and
 * one round trip ({@code edge-check.lua}, run by SHA, loaded again after
 * {@code NOSCRIPT}): the nonce and the key's rate. The script runs on the core's
 * pipelined {@link ScriptConnection} (ADR 0009), as the services' lease scripts do: a
 * fraction of Redisson's client CPU per call, on every hot request. Both keys of a key id
 * share its hash tag, so the script works on Redis Cluster.
 * <ul>
 * <li>Nonces are grouped by the signed Timestamp: one set per key id and
 * {@value #NONCE_BUCKET_SECONDS} s of Timestamps, kept {@code nonce-retention} + one
 * bucket from its first nonce. A replay carries the same Timestamp (the signature covers
 * it), so it meets its set for as long as the clock window lets that Timestamp in at all
 * (retention is at least twice the window, {@link EdgeProperties}); memory is the nonces
 * of the last retention + one bucket, in a dozen keys per key id instead of one key per
 * nonce.</li>
 * <li>The rate is a GCRA bucket per key (one string: the theoretical arrival time in µs
 * of Redis's clock): {@code rate} permits per second, a full bucket holds one second's
 * worth, so an idle key may send {@code rate} requests at once and then one per
 * {@code 1/rate} s. The rate is an argument of every call: a changed rate applies at
 * once. The key expires when its bucket is full again.</li>
 * </ul>
 * A replay takes no permit; a request refused for its rate records no nonce, so a client
 * may retry it unchanged after {@code Retry-After}.
 */
@Component
class ReplayAndRateGuard {

	enum Verdict {

		PASS, REPLAYED, RATE_LIMITED

	}

	/**
	 * What the script decided; {@code retryAfterMillis} (RATE_LIMITED only) is how long
	 * until one permit is free.
	 */
	record Decision(Verdict verdict, long retryAfterMillis) {

		/** For {@code Retry-After}: whole seconds, rounded up, at least 1. */
		long retryAfterSeconds() {
			return Math.max(1, (retryAfterMillis + 999) / 1000);
		}
	}

	/** Width of a nonce set, in seconds of the signed Timestamp. */
	static final long NONCE_BUCKET_SECONDS = 60;

	private static final String SOURCE = ScriptConnection.source(ReplayAndRateGuard.class, "edge-check.lua");

	private static final List<Verdict> VERDICTS = List.of(Verdict.PASS, Verdict.REPLAYED, Verdict.RATE_LIMITED);

	private final ScriptConnection redis;

	private final RedisKeyPrefix keys;

	private final EdgeProperties properties;

	ReplayAndRateGuard(ScriptConnection redis, RedisKeyPrefix keys, EdgeProperties properties) {
		this.redis = redis;
		this.keys = keys;
		this.properties = properties;
	}

	/**
	 * Checks {@code nonce} (signed with {@code timestamp}, unix seconds) and takes one of
	 * the key's permits, waiting for the answer: not from a stage of {@link #checkAsync}
	 * (an I/O thread).
	 */
	Decision check(ActiveKey key, long timestamp, String nonce) {
		return ScriptConnection.await(checkAsync(key, timestamp, nonce));
	}

	/**
	 * {@link #check}, without a thread waiting for Redis: the answer completes on an I/O
	 * thread of the connection (the hot path's). The script is loaded asynchronously too,
	 * on first use and after {@code NOSCRIPT} (Redis restarted or its scripts were
	 * flushed: {@link ScriptConnection#evalAsync}).
	 */
	CompletionStage<Decision> checkAsync(ActiveKey key, long timestamp, String nonce) {
		String[] args = { nonce, Integer.toString(rateOf(key)),
				Long.toString(properties.nonceRetention().toSeconds() + NONCE_BUCKET_SECONDS) };
		return redis.<List<Object>>evalAsync(SOURCE, ScriptOutputType.MULTI, keys(key, timestamp), args)
			.thenApply(ReplayAndRateGuard::decision);
	}

	/**
	 * The rate key first: it routes the call on Redis Cluster (both keys share the key
	 * id's slot).
	 */
	private String[] keys(ActiveKey key, long timestamp) {
		return new String[] { this.keys.rate(key.keyId()),
				this.keys.nonces(key.keyId(), Math.floorDiv(timestamp, NONCE_BUCKET_SECONDS)) };
	}

	private static Decision decision(List<Object> answer) {
		return new Decision(VERDICTS.get(((Number) answer.get(0)).intValue()), ((Number) answer.get(1)).longValue());
	}

	int rateOf(ActiveKey key) {
		return key.ratePerSecond() != null ? key.ratePerSecond() : properties.rateLimits().get(key.role());
	}

}
