package io.numshield.support.redis;

import io.numshield.core.redis.LeaseScript;
import io.numshield.core.redis.ScriptCall;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;

import org.redisson.api.RScript;
import org.redisson.api.RedissonClient;
import org.redisson.client.RedisException;
import org.redisson.client.codec.StringCodec;

import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * Runs lease scripts by SHA, loading them on first use and again after a Redis restart
 * ({@code NOSCRIPT}). {@link #call} runs a typed {@link ScriptCall}, whose script answers a flat array
 * of strings (Redisson's {@link RScript.ReturnType.LIST}, each element read with {@link StringCodec});
 * {@link #run} and {@link #answer} run the scripts that still answer one string (JSON for {@link #answer}). The {@code Async} variants hold no thread while Redis works (a request path that
 * completes its answer from the callback): they never block, not even to load a script, so their
 * stages may continue on Redisson's I/O threads.
 */
public final class LeaseScripts {

	private static final ObjectMapper JSON = JsonMapper.builder().build();

	private final RScript script;

	/** SHA of each loaded script: read without a lock on every call (the hot route path runs through here). */
	private final Map<LeaseScript, String> shas = new ConcurrentHashMap<>();

	public LeaseScripts(RedissonClient redisson) {
		this.script = redisson.getScript(StringCodec.INSTANCE);
	}

	/** Runs {@code call} on the shard whose key base is {@code shardBase} and reads its array reply. */
	public <R> R call(ScriptCall<R> call, String shardBase) {
		List<?> values = eval(call.script(), shardBase, RScript.ReturnType.LIST, call.arguments().toArray());
		return call.reply(values);
	}

	/** {@link #call}, without waiting: the stage completes on a Redisson thread. */
	public <R> CompletionStage<R> callAsync(ScriptCall<R> call, String shardBase) {
		return this.<List<?>>evalAsync(call.script(), shardBase, RScript.ReturnType.LIST, call.arguments().toArray())
			.thenApply(call::reply);
	}

	/** Runs {@code which} on the shard whose key base is {@code shardBase}. */
	public String run(LeaseScript which, String shardBase, Object... args) {
		return eval(which, shardBase, RScript.ReturnType.VALUE, args);
	}

	private <T> T eval(LeaseScript which, String shardBase, RScript.ReturnType type, Object... args) {
		try {
			return script.evalSha(shardBase, RScript.Mode.READ_WRITE, sha(which), type, List.of(shardBase), args);
		}
		catch (RedisException ex) {
			if (!noScript(ex)) {
				throw ex;
			}
			shas.remove(which);
			return script.evalSha(shardBase, RScript.Mode.READ_WRITE, sha(which), type, List.of(shardBase), args);
		}
	}

	/** Runs {@code which} and reads its JSON answer (every lease script answers a JSON object). */
	@SuppressWarnings("unchecked")
	public Map<String, Object> answer(LeaseScript which, String shardBase, Object... args) {
		return JSON.readValue(run(which, shardBase, args), Map.class);
	}

	/** {@link #run}, without waiting: the stage completes on a Redisson thread. */
	public CompletionStage<String> runAsync(LeaseScript which, String shardBase, Object... args) {
		return evalAsync(which, shardBase, RScript.ReturnType.VALUE, args);
	}

	private <T> CompletionStage<T> evalAsync(LeaseScript which, String shardBase, RScript.ReturnType type,
			Object... args) {
		String known = shas.get(which);
		CompletionStage<String> sha = known != null ? CompletableFuture.completedFuture(known) : loadAsync(which);
		return sha.thenCompose(s -> this.<T>evalShaAsync(s, shardBase, type, args)).exceptionallyCompose(ex -> {
			if (!noScript(ex)) {
				return CompletableFuture.failedStage(unwrap(ex));
			}
			shas.remove(which);
			return loadAsync(which).thenCompose(s -> this.<T>evalShaAsync(s, shardBase, type, args));
		});
	}

	/** {@link #answer}, without waiting. */
	@SuppressWarnings("unchecked")
	public CompletionStage<Map<String, Object>> answerAsync(LeaseScript which, String shardBase, Object... args) {
		return runAsync(which, shardBase, args).thenApply(json -> (Map<String, Object>) JSON.readValue(json, Map.class));
	}

	private <T> CompletionStage<T> evalShaAsync(String sha, String shardBase, RScript.ReturnType type, Object... args) {
		return script.<T>evalShaAsync(shardBase, RScript.Mode.READ_WRITE, sha, type, List.of(shardBase), args);
	}

	private CompletionStage<String> loadAsync(LeaseScript which) {
		return script.scriptLoadAsync(which.source()).thenApply(loaded -> {
			shas.put(which, loaded);
			return loaded;
		});
	}

	private static boolean noScript(Throwable ex) {
		Throwable cause = unwrap(ex);
		return cause instanceof RedisException && cause.getMessage() != null && cause.getMessage().contains("NOSCRIPT");
	}

	private static Throwable unwrap(Throwable ex) {
		return ex instanceof CompletionException && ex.getCause() != null ? ex.getCause() : ex;
	}

	private String sha(LeaseScript which) {
		String known = shas.get(which);
		return known != null ? known : shas.computeIfAbsent(which, w -> script.scriptLoad(w.source()));
	}
}
