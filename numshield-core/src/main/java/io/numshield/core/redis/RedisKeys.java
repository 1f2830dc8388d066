package io.numshield.core.redis;

import io.numshield.core.number.ManagementNumber;
import io.numshield.core.number.VirtualNumber;
import io.numshield.core.number.VirtualShard;

/**
 * Where live state lives in Redis. Every key of a shard starts with
 * {@code <prefix>{NN}:}, where {@code NN} is the shard tag, so one script on one shard
 * touches one Redis Cluster slot. The prefix isolates deployments and test runs. The full
 * table is in docs/architecture.md; the Lua side ({@code lib.lua}) builds the same names
 * from the base.
 */
public final class RedisKeys {

	private final String prefix;

	public RedisKeys(String prefix) {
		if (prefix == null || prefix.contains("{") || prefix.contains("}")) {
			throw new IllegalArgumentException("a key prefix holds no braces: they would change the hash tag");
		}
		this.prefix = prefix;
	}

	public String prefix() {
		return prefix;
	}

	/** The base that scripts receive as KEYS[1]. */
	public String shardBase(VirtualShard shard) {
		return prefix + "{" + shard.tag() + "}:";
	}

	/** Hash {@link #bindingField} → binding record ({@link BindingRecord}). */
	public String bindings(VirtualShard shard) {
		return shardBase(shard) + "b";
	}

	/**
	 * The field of a binding in its shard's {@link #bindings} hash, and how
	 * {@link #orders} lists it: the id without its shard tag, which the hash's own key
	 * says (a 14-character field takes a 16-byte allocation, the whole id 32; ADR 0003).
	 * Records stored before that are under the whole id ({@code lib.lua}'s
	 * {@code field}).
	 */
	public static String bindingField(BindingId id) {
		return id.value().substring(2);
	}

	/**
	 * The id that {@link #orders} lists as {@code listed} on {@code shard} (the field, or
	 * a whole id stored before).
	 */
	public static BindingId listedBinding(VirtualShard shard, String listed) {
		return new BindingId(listed.length() == 14 ? shard.tag() + listed : listed);
	}

	/**
	 * Hash blind index → bindingId: who is party on this virtual number (when more than
	 * one pair shares it, AXN, or ended).
	 */
	public String routes(VirtualNumber number) {
		return shardBase(number.shard()) + "x:" + number.digits();
	}

	/**
	 * Hash index → bindingId of the numbers that hold exactly one AXB pair, 64 numbers of
	 * a block a hash (so each stays a small listpack): such a pair has no entries in
	 * {@link #routes}; its parties are its record's (ADR 0003). This is the hash that
	 * holds {@code number}'s field.
	 */
	public String singles(VirtualNumber number) {
		return shardBase(number.shard()) + "s:" + number.managementNumber().digits() + ":" + number.indexInBlock() / 64;
	}

	/**
	 * Stream of the shard's lease events (and binding-service's own events): what the
	 * backlog guard counts.
	 */
	public String events(VirtualShard shard) {
		return shardBase(shard) + "ev";
	}

	/**
	 * Stream of the shard's call events (CALL_ROUTED, CALL_EVENT), bounded apart so that
	 * calls cannot crowd out leases.
	 */
	public String calls(VirtualShard shard) {
		return shardBase(shard) + "calls";
	}

	/**
	 * Both audit streams of a shard, lease events first: what the audit service reads and
	 * trims.
	 */
	public java.util.List<String> auditStreams(VirtualShard shard) {
		return java.util.List.of(events(shard), calls(shard));
	}

	/** Hash platformId → ACTIVE | SUSPENDED | REVOKED (a mirror of PostgreSQL). */
	public String platforms(VirtualShard shard) {
		return shardBase(shard) + "p";
	}

	/** Set of blind indexes of blocked numbers (a mirror of PostgreSQL). */
	public String blocklist(VirtualShard shard) {
		return shardBase(shard) + "bl";
	}

	/**
	 * Set of blind indexes a platform keeps out of its own bindings (a mirror of
	 * PostgreSQL; read by the scripts only when the platform's mirror value carries the
	 * list's flag, ADR 0025).
	 */
	public String platformBlocklist(VirtualShard shard, String platformId) {
		return shardBase(shard) + "pbl:" + platformId;
	}

	/**
	 * Hash of counters: a:platform (active bindings), pb:pool (active bindings), pn:pool
	 * (numbers in use), pa:pool:platform (the platform's active bindings in the pool).
	 */
	public String counters(VirtualShard shard) {
		return shardBase(shard) + "n";
	}

	/**
	 * Hash orderId → comma-separated active bindings ({@link #bindingField}) of one
	 * platform on this shard.
	 */
	public String orders(VirtualShard shard, String platformId) {
		return shardBase(shard) + "o:" + platformId;
	}

	/** Hash managementNumber → "pool|size|maxBindingsPerNumber|cooldownMs". */
	public String blocks(VirtualShard shard) {
		return shardBase(shard) + "bp";
	}

	/** Bitmap: bit i set when number i of the block is taken or cooling. */
	public String freeMap(ManagementNumber block) {
		return shardBase(block.shard()) + "f:" + block.digits();
	}

	/** Sorted set: index → active AXB pairs (AXN holders score 1e9). */
	public String load(ManagementNumber block) {
		return shardBase(block.shard()) + "l:" + block.digits();
	}

	/** Sorted set: index → end of the AXN cool-down (ms). */
	public String cooling(ManagementNumber block) {
		return shardBase(block.shard()) + "c:" + block.digits();
	}

	/**
	 * Hash index → {@code until|reason} of the block's quarantined numbers (until: ms,
	 * empty while the quarantine has none; ADR 0026).
	 */
	public String quarantined(ManagementNumber block) {
		return shardBase(block.shard()) + "q:" + block.digits();
	}

	/** Set of the management numbers of the shard's draining blocks (ADR 0026). */
	public String draining(VirtualShard shard) {
		return shardBase(shard) + "dr";
	}

	/**
	 * Sorted set of expiry buckets that have entries; each bucket is a list
	 * {@code e:<bucket>}.
	 */
	public String expiryBuckets(VirtualShard shard) {
		return shardBase(shard) + "eq";
	}

	/** The lock that lets one service instance sweep a shard at a time. */
	public String sweepLock(VirtualShard shard) {
		return shardBase(shard) + "sweep-lock";
	}

	/**
	 * Hash platformId → {@code callbackUrl|encrypted callbackSecret}: where call events
	 * go (a mirror of PostgreSQL).
	 */
	public String callbacks() {
		return prefix + "callbacks";
	}

	/**
	 * Sorted set of pending callback deliveries of a shard: eventId → next attempt (ms).
	 */
	public String callbackQueue(VirtualShard shard) {
		return shardBase(shard) + "cbq";
	}

	/**
	 * Hash of pending callback deliveries: eventId →
	 * {@code attempts|firstQueuedAt|platformId|payload}.
	 */
	public String callbackDeliveries(VirtualShard shard) {
		return shardBase(shard) + "cbd";
	}

	/**
	 * Hash of deliveries given up after {@code numshield.callbacks.max-age}: eventId →
	 * delivery.
	 */
	public String deadCallbacks(VirtualShard shard) {
		return shardBase(shard) + "cbdead";
	}

	/** Hash beside {@link #deadCallbacks}: eventId → why the delivery was given up. */
	public String deadCallbackReasons(VirtualShard shard) {
		return shardBase(shard) + "cbdeadwhy";
	}

	/**
	 * Sorted set beside {@link #deadCallbacks}: eventId → when it was given up (ms), the
	 * order in which {@code GET /v1/callbacks/dead-letters} lists them, newest first.
	 */
	public String deadCallbackTimes(VirtualShard shard) {
		return shardBase(shard) + "cbdeadat";
	}

	/**
	 * Stream of audit entries the ledger cannot take (they do not decrypt, parse or fit):
	 * moved here whole, with where they came from and why, so that one bad entry does not
	 * stop ingestion.
	 */
	public String auditDeadLetters() {
		return prefix + "audit:dead";
	}

	/**
	 * An idempotency record; outside the shards because the shard is chosen after it is
	 * read.
	 */
	public String idempotency(String platformId, String keyHash) {
		return prefix + "idem:" + platformId + ":" + keyHash;
	}

}
