package io.numshield.audit.ingest;

import java.util.ArrayList;
import java.util.List;

/**
 * Which streams one {@code XREADGROUP} reads together. A single Redis takes every stream
 * in one command: a round's read is one command whatever the shard count (it was one per
 * stream: 128 reads per round, most of them empty at a steady rate). Redis Cluster
 * refuses a command whose keys lie in different hash slots, so there a command reads the
 * streams of one shard only, which share its hash tag {@code {NN}} and so one slot: one
 * command per shard. Both come from the shards' own key lists, so the cluster grouping
 * holds by construction, whatever a shard's streams are called.
 *
 * @param groups the streams of each command, in the order given; every stream exactly
 * once
 */
record ReadGroups(List<List<String>> groups) {

	ReadGroups {
		groups = groups.stream().map(List::copyOf).toList();
	}

	/**
	 * @param streamsByShard per shard its streams (one hash slot each,
	 * {@code RedisKeys.auditStreams})
	 * @param cluster whether the connection is Redis Cluster
	 * ({@code ScriptConnection.cluster()})
	 */
	static ReadGroups of(List<List<String>> streamsByShard, boolean cluster) {
		if (cluster) {
			return new ReadGroups(streamsByShard);
		}
		List<String> all = new ArrayList<>();
		streamsByShard.forEach(all::addAll);
		return new ReadGroups(List.of(all));
	}

	/** Every stream, in the groups' order. */
	List<String> streams() {
		return groups.stream().flatMap(List::stream).toList();
	}
}
