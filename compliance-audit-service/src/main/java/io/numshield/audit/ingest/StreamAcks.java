package io.numshield.audit.ingest;

import io.lettuce.core.ScriptOutputType;
import io.numshield.core.redis.ScriptConnection;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Acknowledges a round's entries for the consumer group: {@code ack.lua} once per group
 * of streams that has entries (every stream in one command on a single Redis, a shard's
 * two on Redis Cluster, as {@link ReadGroups} reads them), where XACK names one stream
 * and took a command for every stream a round touched: most of a small round's commands,
 * once the reads were grouped.
 */
final class StreamAcks {

	private static final String SOURCE = ScriptConnection.source(StreamAcks.class, "ack.lua");

	private final ScriptConnection redis;

	private final String group;

	StreamAcks(ScriptConnection redis, String group) {
		this.redis = redis;
		this.group = group;
	}

	/**
	 * Acknowledges {@code taken} (per stream the ids to acknowledge; streams not in it
	 * are left out of the commands) and waits for Redis; answers how many entries it
	 * acknowledged (ids already acknowledged, or never delivered, do not count, as with
	 * XACK).
	 */
	long acknowledge(ReadGroups groups, Map<String, List<String>> taken) {
		List<CompletableFuture<Long>> acks = new ArrayList<>(groups.groups().size());
		for (List<String> streams : groups.groups()) {
			List<String> keys = new ArrayList<>(streams.size());
			List<String> args = new ArrayList<>();
			args.add(group);
			for (String key : streams) {
				List<String> ids = taken.get(key);
				if (ids != null && !ids.isEmpty()) {
					keys.add(key);
					args.add(Integer.toString(ids.size()));
				}
			}
			if (keys.isEmpty()) {
				continue;
			}
			keys.forEach(key -> args.addAll(taken.get(key)));
			acks.add(redis
				.<Long>evalAsync(SOURCE, ScriptOutputType.INTEGER, keys.toArray(String[]::new),
						args.toArray(String[]::new))
				.toCompletableFuture());
		}
		long acked = 0;
		for (CompletableFuture<Long> each : acks) {
			acked += ScriptConnection.await(each);
		}
		return acked;
	}

}
