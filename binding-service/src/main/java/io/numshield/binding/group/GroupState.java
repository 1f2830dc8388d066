package io.numshield.binding.group;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * A group as its home shard holds it.
 *
 * @param orderId the platform's order, or null
 * @param createdAt when it was created
 * @param aCallsLastMember whether A's call reaches the last member who called
 * @param version moves with every change of the members
 * @param bound the AXG bindings it was bound to (some may have ended)
 * @param members blind index to the member's own ciphertext
 */
public record GroupState(@Nullable String orderId, Instant createdAt, boolean aCallsLastMember, long version,
		List<String> bound, Map<String, String> members) {
}
