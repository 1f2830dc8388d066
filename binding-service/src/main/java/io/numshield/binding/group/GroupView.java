package io.numshield.binding.group;

import java.time.Instant;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * A group as the contract shows it: its members masked, never whole.
 *
 * @param groupId the group's id (its first two digits are its home shard)
 * @param orderId the platform's order, when it gave one
 * @param members the members' masked numbers
 * @param aCallsLastMember whether A's call reaches the last member who called
 * @param createdAt when it was created
 */
public record GroupView(String groupId, @Nullable String orderId, List<String> members, boolean aCallsLastMember,
		Instant createdAt) {
}
