package io.numshield.binding.outbox;

import io.numshield.core.number.VirtualShard;

import java.util.Map;

/**
 * Port: appends one entry, its fields in the order given, to the lease stream of a shard
 * ({@code <prefix>{NN}:ev}).
 */
public interface EventStream {

	void append(VirtualShard shard, Map<String, String> fields);

}
