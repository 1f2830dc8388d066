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
	 * A platform put a real number on its own blocklist (binding-service, ADR 0025).
	 */
	PLATFORM_BLOCKLIST_ADDED,
	/** A platform took a real number off its own blocklist (binding-service). */
	PLATFORM_BLOCKLIST_REMOVED

}
