package io.numshield.core.event;

import java.util.Map;

/**
 * One lease event as read from a stream (schema version 1; docs/events.md). Field names are the
 * stream's field names. Parties appear only as blind indexes and one ciphertext.
 */
public record LeaseEvent(String streamId, String eventId, EventType type, long occurredAtMillis,
		String bindingId, String platformId, String orderId, String mode, String virtualNumber,
		String poolId, String partyAIndex, String partyBIndex, String parties, Map<String, String> fields) {

	public static LeaseEvent from(String streamId, Map<String, String> f) {
		return new LeaseEvent(streamId, f.get("eventId"), EventType.valueOf(f.get("type")),
				Long.parseLong(f.get("occurredAt")), f.get("bindingId"), f.get("platformId"), f.get("orderId"),
				f.get("mode"), f.get("virtualNumber"), f.get("poolId"), f.get("partyAIndex"), f.get("partyBIndex"),
				f.get("parties"), Map.copyOf(f));
	}
}
