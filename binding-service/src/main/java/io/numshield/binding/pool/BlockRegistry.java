package io.numshield.binding.pool;

import io.numshield.core.number.ManagementNumber;

/** Port: makes a block leasable in the live store, with its pool's settings. */
public interface BlockRegistry {

	void register(ManagementNumber block, BlockTerms terms);

	/**
	 * Makes a block unknown to the live store again: its settings and its free map go.
	 * Only for a block that is in no pool (its addition did not commit), so no binding
	 * can hold one of its numbers.
	 */
	void unregister(ManagementNumber block);

	/**
	 * Mirrors whether a block is draining (leases nothing new) into its shard, where the
	 * lease script reads it (ADR 0026).
	 */
	void draining(ManagementNumber block, boolean draining);

	/**
	 * Removes a drained block from the live store, atomically with the check that no
	 * binding holds one of its numbers; answers false (and changes nothing) while one
	 * does.
	 */
	boolean remove(ManagementNumber block);

}
