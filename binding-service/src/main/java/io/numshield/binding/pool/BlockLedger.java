package io.numshield.binding.pool;

import io.numshield.core.event.EventType;

import java.time.Instant;

/**
 * Port: a block's drain or removal as an audit event, a row of the change's own
 * transaction (the outbox, ADR 0016).
 */
public interface BlockLedger {

	/**
	 * BLOCK_DRAINING or BLOCK_REMOVED of a block of a pool, by the operator's key id.
	 */
	void record(String eventId, EventType type, String managementNumber, String poolId, String by, Instant at);

}
