package io.numshield.core.redis;

/**
 * The lease scripts. Each runs on one shard (KEYS[1] = {@link RedisKeys#shardBase}),
 * changes the lease state and appends its audit event to the shard's stream in the same
 * atomic step. The hot ones (lease, release, route) answer a flat array read by their
 * {@link ScriptCall} type ({@link LeaseCall}, {@link ReleaseCall}, {@link RouteCall});
 * the others a JSON object whose {@code r} field names the outcome.
 */
public enum LeaseScript {

	/** Create a binding on one block; idempotent per bindingId. */
	LEASE("lease.lua"),
	/** Release one binding (delete or revocation); idempotent. */
	RELEASE("release.lua"),
	/** Change expiry and/or party B. */
	UPDATE("update.lua"),
	/** Expire due bindings and forget old tombstones. */
	SWEEP("sweep.lua"),
	/** Make a block leasable on its shard. */
	INIT_BLOCK("init-block.lua"),
	/** How far the audit trail is behind on a shard (read only). */
	BACKLOG("backlog.lua"),
	/**
	 * The carrier's routing decision for a call to a virtual number, recorded as
	 * CALL_ROUTED.
	 */
	ROUTE("route.lua"),
	/**
	 * A carrier's call event, recorded as CALL_EVENT and queued for the owning platform.
	 */
	CALL_EVENT("call-event.lua"),
	/** Claim due platform callbacks of a shard. */
	CALLBACKS_CLAIM("callbacks-claim.lua"),
	/** Settle one platform callback: delivered, retry later, or dead. */
	CALLBACKS_SETTLE("callbacks-settle.lua"),
	/** List a shard's callback dead letters, newest first, without their bodies. */
	CALLBACKS_DEAD("callbacks-dead.lua"),
	/** Put one callback dead letter back on its shard's delivery queue. */
	CALLBACKS_REDELIVER("callbacks-redeliver.lua"),
	/** Drop the stream entries that every consumer group has acknowledged. */
	TRIM("trim.lua"),
	/**
	 * Put back one live binding from the ledger after Redis lost its data (no event: the
	 * ledger has it).
	 */
	RESTORE("restore.lua"),
	/**
	 * Quarantine a virtual number, lift its quarantine, or count a carrier's flag (which
	 * quarantines it past a threshold), with its NUMBER_* event (ADR 0026).
	 */
	NUMBER("number.lua"),
	/** A block's numbers with their state, paged by index (read only, ADR 0026). */
	NUMBERS("numbers.lua"),
	/** Remove a drained block that no binding holds from its shard (ADR 0026). */
	REMOVE_BLOCK("remove-block.lua"),
	/**
	 * Create, change, read, delete an AXG group on its home shard, with its GROUP_* event
	 * (ADR 0024).
	 */
	GROUP("group.lua"),
	/** Copy an AXG group's members to one of its bindings, on the binding's shard. */
	GROUP_SYNC("group-sync.lua"),
	/**
	 * A platform's active bindings on one virtual number (read only, ADR 0025): from the
	 * keys leases keep anyway.
	 */
	LOOKUP("lookup.lua");

	private final String source;

	LeaseScript(String file) {
		this.source = read("lib.lua") + "\n" + read(file);
	}

	/** The full script text: the shared library followed by the script itself. */
	public String source() {
		return source;
	}

	private static String read(String file) {
		return ScriptConnection.source(LeaseScript.class, file);
	}

}
