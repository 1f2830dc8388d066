package io.numshield.binding.group;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.jspecify.annotations.Nullable;

/**
 * Where groups live: each change is one step on the group's home shard with its GROUP_*
 * event; {@link #sync} copies the members to one binding's shard.
 */
public interface GroupStore {

	/** What a change of the home shard answered. */
	enum Outcome {

		OK, NOT_FOUND, EXISTS, TOO_MANY, BOUND

	}

	/** A change's outcome, and the group after it (null unless OK). */
	record Changed(Outcome outcome, @Nullable GroupState state) {
	}

	Changed create(String groupId, String platformId, @Nullable String orderId, boolean aCallsLastMember,
			String eventId, String parties, Map<String, String> members, int maxMembers);

	/** Adds ({@code add}) or removes members. */
	Changed change(boolean add, String groupId, String platformId, String eventId, String parties,
			Map<String, String> members, int maxMembers);

	Optional<GroupState> find(String groupId, String platformId);

	/** Records that an AXG binding holds the group; the group as it is now. */
	Optional<GroupState> attach(String groupId, String platformId, String bindingId);

	void detach(String groupId, String platformId, List<String> bindingIds);

	/**
	 * Deletes the group with its GROUP_DELETED event, unless a binding is still recorded
	 * with it ({@link Outcome#BOUND}).
	 */
	Outcome delete(String groupId, String platformId, String eventId);

	/**
	 * Copies the members (version {@code version}) to the AXG binding; false when that
	 * binding no longer holds the group (ended, purged).
	 */
	boolean sync(String bindingId, String groupId, long version, Collection<String> memberIndexes);

}
