package io.numshield.core.event;

/** Types of the entries in a shard's event stream and in the ledger. */
public enum EventType {
	BINDING_CREATED, BINDING_UPDATED, BINDING_RELEASED, BINDING_EXPIRED, CALL_ROUTED, CALL_EVENT,
	PLATFORM_STATUS_CHANGED, ACCESS
}
