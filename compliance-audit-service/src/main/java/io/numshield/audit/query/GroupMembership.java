package io.numshield.audit.query;

import java.time.Instant;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * A period in which the searched number was a member of an AXG group (ADR 0024), from the
 * group's {@code GROUP_*} ledger entries, and the AXG bindings of that group held during
 * it: through each, the member could reach its party A. {@code memberUntil} is empty
 * while the number is still a member.
 */
public record GroupMembership(String groupId, String platformId, @Nullable String orderId, Instant memberFrom,
		@Nullable Instant memberUntil, List<Holder> bindings) {
}
