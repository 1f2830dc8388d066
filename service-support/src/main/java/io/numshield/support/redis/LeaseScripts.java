package io.numshield.support.redis;

import io.numshield.core.redis.LeaseScript;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import org.redisson.api.RScript;
import org.redisson.api.RedissonClient;
import org.redisson.client.RedisException;
import org.redisson.client.codec.StringCodec;

import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * Runs lease scripts by SHA, loading them on first use and again after a Redis restart
 * ({@code NOSCRIPT}). Every script answers a string read with {@link StringCodec}; {@link #answer} reads
 * the JSON ones.
 */
public final class LeaseScripts {

	private static final ObjectMapper JSON = JsonMapper.builder().build();

	private final RScript script;

	private final Map<LeaseScript, String> shas = new EnumMap<>(LeaseScript.class);

	public LeaseScripts(RedissonClient redisson) {
		this.script = redisson.getScript(StringCodec.INSTANCE);
	}

	/** Runs {@code which} on the shard whose key base is {@code shardBase}. */
	public String run(LeaseScript which, String shardBase, Object... args) {
		try {
			return script.evalSha(shardBase, RScript.Mode.READ_WRITE, sha(which), RScript.ReturnType.VALUE,
					List.of(shardBase), args);
		}
		catch (RedisException ex) {
			if (ex.getMessage() == null || !ex.getMessage().contains("NOSCRIPT")) {
				throw ex;
			}
			synchronized (shas) {
				shas.remove(which);
			}
			return script.evalSha(shardBase, RScript.Mode.READ_WRITE, sha(which), RScript.ReturnType.VALUE,
					List.of(shardBase), args);
		}
	}

	/** Runs {@code which} and reads its JSON answer (every lease script answers a JSON object). */
	@SuppressWarnings("unchecked")
	public Map<String, Object> answer(LeaseScript which, String shardBase, Object... args) {
		return JSON.readValue(run(which, shardBase, args), Map.class);
	}

	private String sha(LeaseScript which) {
		synchronized (shas) {
			return shas.computeIfAbsent(which, w -> script.scriptLoad(w.source()));
		}
	}
}
