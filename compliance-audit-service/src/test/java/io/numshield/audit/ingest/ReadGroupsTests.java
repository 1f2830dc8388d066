package io.numshield.audit.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.lettuce.core.cluster.SlotHash;
import io.numshield.core.number.VirtualShard;
import io.numshield.core.redis.RedisKeys;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * How a round's reads are grouped into XREADGROUP commands, on a single Redis and on
 * Redis Cluster.
 */
class ReadGroupsTests {

	private final RedisKeys keys = new RedisKeys("ns:");

	private final List<List<String>> byShard = new ArrayList<>();

	ReadGroupsTests() {
		VirtualShard.all().forEach(shard -> byShard.add(keys.auditStreams(shard)));
	}

	@Test
	void aSingleRedisReadsEveryStreamInOneCommand() {
		ReadGroups reads = ReadGroups.of(byShard, false);

		assertThat(reads.groups()).hasSize(1);
		assertThat(reads.groups().get(0)).hasSize(128)
			.doesNotHaveDuplicates()
			.containsAll(byShard.stream().flatMap(List::stream).toList())
			.contains("ns:{00}:ev", "ns:{00}:calls", "ns:{63}:ev", "ns:{63}:calls");
	}

	@Test
	void onAClusterEveryCommandNamesKeysOfOneHashSlotOnly() {
		ReadGroups reads = ReadGroups.of(byShard, true);

		assertThat(reads.groups()).hasSize(64);
		for (List<String> group : reads.groups()) {
			assertThat(group).hasSize(2);
			assertThat(group.stream().map(SlotHash::getSlot).distinct()).as("slots of %s", group).hasSize(1);
		}
		// and the shards' streams are not all in a single slot (else the test above could
		// not fail)
		assertThat(reads.streams().stream().map(SlotHash::getSlot).distinct().count()).isEqualTo(64);
	}

	@Test
	void bothGroupingsReadEveryStreamExactlyOnceInShardOrder() {
		List<String> all = byShard.stream().flatMap(List::stream).toList();

		assertThat(ReadGroups.of(byShard, false).streams()).containsExactlyElementsOf(all);
		assertThat(ReadGroups.of(byShard, true).streams()).containsExactlyElementsOf(all);
	}

}
