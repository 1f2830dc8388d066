package io.numshield.support.redis;

import io.lettuce.core.ScriptOutputType;
import io.numshield.core.redis.LeaseScript;
import io.numshield.core.redis.ScriptCall;
import io.numshield.core.redis.ScriptConnection;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;

import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * Runs lease scripts by SHA ({@link ScriptConnection#evalAsync}: loaded on first use and
 * again after {@code NOSCRIPT}), on the pipelined {@link ScriptConnection} (ADR 0009: a
 * third of Redisson's client CPU per call). {@link #call} runs a typed
 * {@link ScriptCall}, whose script answers a flat array of strings (each element decoded
 * as UTF-8); {@link #run} and {@link #answer} run the scripts that still answer one
 * string (JSON for {@link #answer}). The {@code Async} variants hold no thread while
 * Redis works (a request path that completes its answer from the callback): they never
 * block, not even to load a script, so their stages may continue on the connection's I/O
 * threads. The others wait, so they must not be called from such a stage.
 */
public final class LeaseScripts {

	private static final ObjectMapper JSON = JsonMapper.builder().build();

	private final ScriptConnection redis;

	private final RedisProperties.Durability durability;

	public LeaseScripts(ScriptConnection connection) {
		this(connection, RedisProperties.Durability.MASTER);
	}

	/**
	 * With {@code durability.replicas() > 0}, a script that writes is answered once that
	 * many replicas have its change.
	 */
	public LeaseScripts(ScriptConnection connection, RedisProperties.Durability durability) {
		this.redis = connection;
		this.durability = durability;
	}

	/**
	 * Runs {@code call} on the shard whose key base is {@code shardBase} and reads its
	 * array reply.
	 */
	public <R> R call(ScriptCall<R> call, String shardBase) {
		return join(callAsync(call, shardBase));
	}

	/**
	 * {@link #call}, without waiting: the stage completes on an I/O thread of the
	 * connection.
	 */
	public <R> CompletionStage<R> callAsync(ScriptCall<R> call, String shardBase) {
		return this
			.<List<Object>>evalAsync(call.script(), shardBase, ScriptOutputType.MULTI,
					call.arguments().toArray(String[]::new))
			.thenApply(call::reply);
	}

	/** Runs {@code which} on the shard whose key base is {@code shardBase}. */
	public String run(LeaseScript which, String shardBase, Object... args) {
		return join(runAsync(which, shardBase, args));
	}

	/**
	 * Runs {@code which} and reads its JSON answer (every lease script answers a JSON
	 * object).
	 */
	public Map<String, Object> answer(LeaseScript which, String shardBase, Object... args) {
		return join(answerAsync(which, shardBase, args));
	}

	/**
	 * {@link #run}, without waiting: the stage completes on an I/O thread of the
	 * connection.
	 */
	public CompletionStage<String> runAsync(LeaseScript which, String shardBase, Object... args) {
		String[] values = new String[args.length];
		for (int i = 0; i < args.length; i++) {
			values[i] = String.valueOf(args[i]);
		}
		// these scripts answer one string (a word or JSON), or nil
		return evalAsync(which, shardBase, ScriptOutputType.VALUE, values);
	}

	/** {@link #answer}, without waiting. */
	@SuppressWarnings("unchecked")
	public CompletionStage<Map<String, Object>> answerAsync(LeaseScript which, String shardBase, Object... args) {
		return runAsync(which, shardBase, args)
			.thenApply(json -> (Map<String, Object>) JSON.readValue(json, Map.class));
	}

	private <T> CompletionStage<T> evalAsync(LeaseScript which, String shardBase, ScriptOutputType type,
			String[] args) {
		// the shard base is KEYS[1]: on Redis Cluster its hash tag routes the call
		if (durability.replicas() > 0 && which != LeaseScript.BACKLOG) {
			return redis.evalReplicatedAsync(which.source(), type, new String[] { shardBase }, durability.replicas(),
					durability.timeout(), args);
		}
		return redis.evalAsync(which.source(), type, new String[] { shardBase }, args);
	}

	private static <T> T join(CompletionStage<T> stage) {
		return ScriptConnection.await(stage);
	}

}
