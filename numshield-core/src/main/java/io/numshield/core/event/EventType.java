package io.numshield.core.event;

/** Types of the entries in the shard streams and in the ledger (docs/events.md). */
public enum EventType {

	BINDING_CREATED, BINDING_UPDATED, BINDING_RELEASED, BINDING_EXPIRED, CALL_ROUTED, CALL_EVENT,
	PLATFORM_STATUS_CHANGED, ACCESS,
	/**
	 * An API key was issued (gateway); an OPERATOR or REGULATOR key waits for approval.
	 */
	API_KEY_ISSUED,
	/** A second operator approved a pending OPERATOR or REGULATOR key (gateway). */
	API_KEY_APPROVED,
	/** An API key was revoked (gateway). */
	API_KEY_REVOKED,
	/** A real number was put on the blocklist (binding-service). */
	BLOCKLIST_ADDED,
	/** A real number was taken off the blocklist (binding-service). */
	BLOCKLIST_REMOVED,
	/**
	 * Where a call's recording is (call-routing-service, on a carrier's RECORDING_READY):
	 * the location as AEAD ciphertext, for the call record only, never for a callback.
	 */
	CALL_RECORDING,
	/**
	 * A virtual number was quarantined: by an operator, or by carriers' flags (ADR 0026).
	 */
	NUMBER_QUARANTINED,
	/** A number's quarantine ended: lifted by an operator, or its until passed. */
	NUMBER_QUARANTINE_LIFTED,
	/** A carrier flagged a virtual number (a spam report, for example). */
	NUMBER_FLAGGED,
	/** An operator set a block draining: it leases nothing new (binding-service). */
	BLOCK_DRAINING,
	/** An operator removed a drained block from its pool (binding-service). */
	BLOCK_REMOVED,
	/**
	 * A platform reported who holds a party A number (binding-service): the person's
	 * name, document and number as AEAD ciphertext, with blind indexes.
	 */
	IDENTITY_REPORTED,
	/**
	 * An AXG group was created (binding-service, ADR 0024): its members as blind indexes
	 * and one ciphertext.
	 */
	GROUP_CREATED,
	/** Members were added to an AXG group. */
	GROUP_MEMBERS_ADDED,
	/** Members were removed from an AXG group. */
	GROUP_MEMBERS_REMOVED,
	/** An AXG group was deleted. */
	GROUP_DELETED,
	/**
	 * A platform put a real number on its own blocklist (binding-service, ADR 0025).
	 */
	PLATFORM_BLOCKLIST_ADDED,
	/** A platform took a real number off its own blocklist (binding-service). */
	PLATFORM_BLOCKLIST_REMOVED,
	/**
	 * A regulator opened a case file (compliance-audit-service, ADR 0030): the case id,
	 * its source and the masked reason; the collected items are references only.
	 */
	CASE_OPENED,
	/**
	 * A fraud signal was raised (compliance-audit-service's detector, ADR 0029): its
	 * kind, window, subject (blind index, platform or virtual number, never a plain
	 * number), figures and explanation; written straight into the ledger, never through a
	 * stream.
	 */
	SIGNAL_RAISED

}
