package io.numshield.audit.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lettuce.core.Consumer;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.XGroupCreateArgs;
import io.lettuce.core.XReadArgs;
import io.lettuce.core.XReadArgs.StreamOffset;
import io.lettuce.core.api.async.RedisStreamAsyncCommands;
import io.numshield.audit.AuditIntegrationTest;
import io.numshield.core.number.VirtualShard;
import io.numshield.core.redis.ScriptConnection;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * {@code ack.lua} on real Redis, grouped as on a single Redis (one command for every
 * stream) and as on Redis Cluster (one per shard: the single node runs that grouping
 * too): exactly the ids given are acknowledged, also past the script's slices of 1,000,
 * and the answer counts them as XACK would. On a cluster ({@code make test-cluster}) the
 * single-Redis grouping is refused, as it must be.
 */
class StreamAcksIT extends AuditIntegrationTest {

	@Autowired
	ScriptConnection redis;

	@ParameterizedTest(name = "cluster grouping: {0}")
	@ValueSource(booleans = { false, true })
	void acknowledgesExactlyTheIdsGivenOfEveryStream(boolean cluster) {
		String run = UUID.randomUUID().toString();
		// two shards' worth of streams, named out of the ingestor's way (it reads only
		// :ev and :calls)
		List<List<String>> byShard = List.of(List.of(stream(3, run, "a"), stream(3, run, "b")),
				List.of(stream(40, run, "a"), stream(40, run, "b")));
		List<String> all = byShard.stream().flatMap(List::stream).toList();
		int[] delivered = { 2_500, 3, 5, 1 };
		Map<String, List<String>> taken = new LinkedHashMap<>();
		for (int i = 0; i < all.size(); i++) {
			List<String> ids = deliver(all.get(i), delivered[i]);
			switch (i) {
				case 0 -> taken.put(all.get(i), ids); // past the script's slices
				case 1 -> taken.put(all.get(i), ids.subList(0, 2)); // one left pending
				case 2 -> {
					// not taken: all five stay pending
				}
				default -> taken.put(all.get(i), List.of(ids.get(0), ids.get(0))); // an
																					// id
																					// twice
																					// counts
																					// once
			}
		}

		StreamAcks acks = new StreamAcks(redis, "audit");
		ReadGroups groups = ReadGroups.of(byShard, cluster);
		try {
			if (redis.cluster() && !cluster) {
				// what the grouping by slot is for (make test-cluster): a cluster refuses
				// one command over two shards
				assertThatThrownBy(() -> acks.acknowledge(groups, taken)).hasMessageContaining("CROSSSLOT");
				return;
			}

			long acked = acks.acknowledge(groups, taken);

			assertThat(acked).isEqualTo(2_500 + 2 + 1);
			assertThat(all.stream().map(this::pending)).containsExactly(0L, 1L, 5L, 0L);
		}
		finally {
			redisson.getKeys().delete(all.toArray(String[]::new));
		}
	}

	private String stream(int shard, String run, String name) {
		return keys.shardBase(new VirtualShard(shard)) + "acktest-" + run + ":" + name;
	}

	/**
	 * Adds {@code n} entries to a new stream and delivers them to a consumer of group
	 * audit; answers their ids.
	 */
	private List<String> deliver(String key, int n) {
		RedisStreamAsyncCommands<String, String> streams = redis.streams();
		ScriptConnection
			.await(streams.xgroupCreate(StreamOffset.from(key, "0-0"), "audit", XGroupCreateArgs.Builder.mkstream()));
		List<CompletableFuture<String>> added = new ArrayList<>();
		for (int i = 0; i < n; i++) {
			added.add(streams.xadd(key, Map.of("n", Integer.toString(i))).toCompletableFuture());
		}
		CompletableFuture.allOf(added.toArray(CompletableFuture[]::new)).join();
		List<StreamMessage<String, String>> read = ScriptConnection.await(streams
			.xreadgroup(Consumer.from("audit", "acktest"), XReadArgs.Builder.count(n), StreamOffset.lastConsumed(key)));
		assertThat(read).hasSize(n);
		return read.stream().map(StreamMessage::getId).toList();
	}

	private long pending(String key) {
		return ScriptConnection.await(redis.streams().xpending(key, "audit")).getCount();
	}

}
