package io.numshield.gateway.edge;

import io.numshield.gateway.apikey.ActiveKey;
import io.numshield.gateway.system.RedisKeyPrefix;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;

import org.redisson.api.RScript;
import org.redisson.api.RedissonClient;
import org.redisson.client.RedisException;
import org.redisson.client.codec.StringCodec;
import org.springframework.stereotype.Component;

/**
 * The two checks that need state shared by all gateway instances, in one Redis script and one round
 * trip ({@code edge-check.lua}, run by SHA, loaded again after {@code NOSCRIPT}): the nonce and the
 * key's rate. Both keys of a key id share its hash tag, so the script works on Redis Cluster.
 * <ul>
 * <li>Nonces are grouped by the signed Timestamp: one set per key id and {@value #NONCE_BUCKET_SECONDS}
 * s of Timestamps, kept {@code nonce-retention} + one bucket from its first nonce. A replay carries
 * the same Timestamp (the signature covers it), so it meets its set for as long as the clock window
 * lets that Timestamp in at all (retention is at least twice the window, {@link EdgeProperties});
 * memory is the nonces of the last retention + one bucket, in a dozen keys per key id instead of one
 * key per nonce.</li>
 * <li>The rate is a GCRA bucket per key (one string: the theoretical arrival time in µs of Redis's
 * clock): {@code rate} permits per second, a full bucket holds one second's worth, so an idle key
 * may send {@code rate} requests at once and then one per {@code 1/rate} s. The rate is an argument
 * of every call: a changed rate applies at once. The key expires when its bucket is full again.</li>
 * </ul>
 * A replay takes no permit; a request refused for its rate records no nonce, so a client may retry
 * it unchanged after {@code Retry-After}.
 */
@Component
class ReplayAndRateGuard {

	enum Verdict {
		PASS, REPLAYED, RATE_LIMITED
	}

	/**
	 * What the script decided; {@code retryAfterMillis} (RATE_LIMITED only) is how long until one
	 * permit is free.
	 */
	record Decision(Verdict verdict, long retryAfterMillis) {

		/** For {@code Retry-After}: whole seconds, rounded up, at least 1. */
		long retryAfterSeconds() {
			return Math.max(1, (retryAfterMillis + 999) / 1000);
		}
	}

	/** Width of a nonce set, in seconds of the signed Timestamp. */
	static final long NONCE_BUCKET_SECONDS = 60;

	private static final String SOURCE = read("edge-check.lua");

	private static final List<Verdict> VERDICTS = List.of(Verdict.PASS, Verdict.REPLAYED, Verdict.RATE_LIMITED);

	private final RScript script;

	private final RedisKeyPrefix keys;

	private final EdgeProperties properties;

	private volatile String sha;

	ReplayAndRateGuard(RedissonClient redisson, RedisKeyPrefix keys, EdgeProperties properties) {
		this.script = redisson.getScript(StringCodec.INSTANCE);
		this.keys = keys;
		this.properties = properties;
	}

	/** Checks {@code nonce} (signed with {@code timestamp}, unix seconds) and takes one of the key's permits. */
	Decision check(ActiveKey key, long timestamp, String nonce) {
		Call call = call(key, timestamp, nonce);
		List<?> answer;
		try {
			answer = script.evalSha(call.routingKey(), RScript.Mode.READ_WRITE, sha(), RScript.ReturnType.LIST, call.keys(),
					call.args());
		}
		catch (RedisException ex) {
			if (!noScript(ex)) {
				throw ex;
			}
			// Redis restarted or its scripts were flushed: load it again
			sha = null;
			answer = script.evalSha(call.routingKey(), RScript.Mode.READ_WRITE, sha(), RScript.ReturnType.LIST,
					call.keys(), call.args());
		}
		return decision(answer);
	}

	/**
	 * {@link #check}, without a thread waiting for Redis: the answer completes on a Redisson thread
	 * (the hot path's). The script is loaded asynchronously too, on first use and after
	 * {@code NOSCRIPT}.
	 */
	CompletionStage<Decision> checkAsync(ActiveKey key, long timestamp, String nonce) {
		Call call = call(key, timestamp, nonce);
		return runAsync(call).handle((answer, failure) -> {
			if (failure == null) {
				return CompletableFuture.completedStage(answer);
			}
			Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause()
					: failure;
			if (!(cause instanceof RedisException ex) || !noScript(ex)) {
				return CompletableFuture.<List<?>>failedStage(cause);
			}
			sha = null;
			return runAsync(call);
		}).thenCompose(answer -> answer).thenApply(ReplayAndRateGuard::decision);
	}

	/** The script's keys and arguments for one request; the rate key routes it (both share the key id's slot). */
	private record Call(String routingKey, List<Object> keys, Object[] args) {
	}

	private Call call(ActiveKey key, long timestamp, String nonce) {
		String rate = keys.rate(key.keyId());
		List<Object> scriptKeys = List.of(rate, keys.nonces(key.keyId(), Math.floorDiv(timestamp, NONCE_BUCKET_SECONDS)));
		Object[] args = { nonce, Integer.toString(rateOf(key)),
				Long.toString(properties.nonceRetention().toSeconds() + NONCE_BUCKET_SECONDS) };
		return new Call(rate, scriptKeys, args);
	}

	private CompletionStage<List<?>> runAsync(Call call) {
		String loaded = sha;
		CompletionStage<String> loading = loaded != null ? CompletableFuture.completedStage(loaded)
				: script.scriptLoadAsync(SOURCE).thenApply(s -> {
					sha = s;
					return s;
				});
		return loading.thenCompose(s -> script.<List<?>>evalShaAsync(call.routingKey(), RScript.Mode.READ_WRITE, s,
				RScript.ReturnType.LIST, call.keys(), call.args()));
	}

	private static boolean noScript(RedisException ex) {
		return ex.getMessage() != null && ex.getMessage().contains("NOSCRIPT");
	}

	private static Decision decision(List<?> answer) {
		return new Decision(VERDICTS.get(((Number) answer.get(0)).intValue()), ((Number) answer.get(1)).longValue());
	}

	int rateOf(ActiveKey key) {
		return key.ratePerSecond() != null ? key.ratePerSecond() : properties.rateLimits().get(key.role());
	}

	private String sha() {
		String loaded = sha;
		if (loaded == null) {
			loaded = script.scriptLoad(SOURCE);
			sha = loaded;
		}
		return loaded;
	}

	private static String read(String file) {
		try (InputStream in = ReplayAndRateGuard.class.getResourceAsStream(file)) {
			if (in == null) {
				throw new IllegalStateException("missing script " + file);
			}
			return new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}
}
