package io.numshield.binding.group;

import io.numshield.binding.group.GroupStore.Changed;
import io.numshield.binding.platform.PlatformService;
import io.numshield.core.crypto.PersonalDataProtector;
import io.numshield.core.id.OrderId;
import io.numshield.core.number.RealNumber;
import io.numshield.core.number.VirtualShard;
import io.numshield.core.problem.ProblemCode;
import io.numshield.core.problem.Refusal;
import io.numshield.core.redis.BindingId;
import io.numshield.core.redis.LeaseCall;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Service;

/**
 * A platform's AXG groups (ADR 0024). A change is one step on the group's home shard with
 * its event; then the members are copied to each AXG binding that holds the group, one
 * step on each binding's shard. A crash between the two leaves a binding with the members
 * before the change until the next change of the group, or the same request again, copies
 * them (each copy is the whole member set of a version, and a copy never replaces a newer
 * one).
 */
@Service
public class GroupService {

	/** The most members a group may have. */
	public static final int MAX_MEMBERS = 200;

	private static final SecureRandom RANDOM = new SecureRandom();

	private final GroupStore store;

	private final PersonalDataProtector protector;

	private final PlatformService platforms;

	GroupService(GroupStore store, PersonalDataProtector protector, PlatformService platforms) {
		this.store = store;
		this.protector = protector;
		this.platforms = platforms;
	}

	public GroupView create(String platformId, @Nullable String orderId, List<String> numbers,
			@Nullable Boolean aCallsLastMember) {
		if (orderId != null && !OrderId.isValid(orderId)) {
			throw invalid("orderId must be 1..64 of [A-Za-z0-9._:-]");
		}
		Members members = members(numbers);
		platforms.requireActive(platformId, "create groups");
		String groupId = BindingId.random(new VirtualShard(RANDOM.nextInt(VirtualShard.COUNT))).value();
		Changed changed = store.create(groupId, platformId, orderId, !Boolean.FALSE.equals(aCallsLastMember),
				"group-created:" + groupId, members.parties(), members.stored(), MAX_MEMBERS);
		return view(groupId, settled(groupId, changed));
	}

	public GroupView get(String platformId, String groupId) {
		checkId(groupId);
		return view(groupId, store.find(groupId, platformId).orElseThrow(() -> notFound(groupId)));
	}

	/** Adds ({@code add}) or removes members, and copies them to the group's bindings. */
	public GroupView change(String platformId, String groupId, boolean add, List<String> numbers) {
		checkId(groupId);
		Members members = members(numbers);
		platforms.requireActive(platformId, "change groups");
		String eventId = (add ? "group-added:" : "group-removed:") + groupId + ":" + UUID.randomUUID();
		GroupState state = settled(groupId,
				store.change(add, groupId, platformId, eventId, members.parties(), members.stored(), MAX_MEMBERS));
		copyToBindings(groupId, platformId, state);
		return view(groupId, state);
	}

	/**
	 * Deletes a group that no active AXG binding holds; one that is still bound is
	 * refused ({@code GROUP_BOUND}): release its bindings first.
	 */
	public void delete(String platformId, String groupId) {
		checkId(groupId);
		platforms.requireActive(platformId, "delete groups");
		GroupState state = store.find(groupId, platformId).orElseThrow(() -> notFound(groupId));
		if (!copyToBindings(groupId, platformId, state).isEmpty()) {
			throw bound();
		}
		switch (store.delete(groupId, platformId, "group-deleted:" + groupId)) {
			case OK -> {
			}
			case BOUND -> throw bound();
			default -> throw notFound(groupId);
		}
	}

	/**
	 * What an AXG lease copies to its binding's shard: the group's members now; refused
	 * with {@code GROUP_NOT_FOUND} when the platform has no such group.
	 */
	public LeaseCall.Group forLease(String platformId, String groupId) {
		checkId(groupId);
		GroupState state = store.find(groupId, platformId).orElseThrow(() -> notFound(groupId));
		return new LeaseCall.Group(groupId, state.aCallsLastMember(), state.version(),
				List.copyOf(state.members().keySet()));
	}

	/**
	 * Records a new AXG binding with its group; when the members changed since the lease
	 * read them, copies them again. False when the group was deleted meanwhile.
	 */
	public boolean attach(String platformId, String groupId, String bindingId, long leasedVersion) {
		GroupState state = store.attach(groupId, platformId, bindingId).orElse(null);
		if (state == null) {
			return false;
		}
		if (state.version() != leasedVersion) {
			store.sync(bindingId, groupId, state.version(), state.members().keySet());
		}
		return true;
	}

	/**
	 * Copies the members to every binding that holds the group; forgets those that ended.
	 * Answers the bindings that still hold it.
	 */
	private List<String> copyToBindings(String groupId, String platformId, GroupState state) {
		List<String> active = new ArrayList<>();
		List<String> ended = new ArrayList<>();
		for (String bindingId : state.bound()) {
			(store.sync(bindingId, groupId, state.version(), state.members().keySet()) ? active : ended).add(bindingId);
		}
		if (!ended.isEmpty()) {
			store.detach(groupId, platformId, ended);
		}
		return active;
	}

	private GroupState settled(String groupId, Changed changed) {
		return switch (changed.outcome()) {
			case OK -> java.util.Objects.requireNonNull(changed.state());
			case NOT_FOUND -> throw notFound(groupId);
			case TOO_MANY -> throw invalid("a group has at most " + MAX_MEMBERS + " members");
			case EXISTS, BOUND -> throw new IllegalStateException("unexpected answer " + changed.outcome());
		};
	}

	/** The numbers asked for, parsed, once each (by blind index), and protected. */
	private Members members(List<String> numbers) {
		if (numbers.isEmpty() || numbers.size() > MAX_MEMBERS) {
			throw invalid("give 1.." + MAX_MEMBERS + " numbers");
		}
		Map<String, RealNumber> byIndex = new LinkedHashMap<>();
		for (String number : numbers) {
			RealNumber parsed = RealNumber.parse(number);
			byIndex.putIfAbsent(protector.blindIndex(parsed), parsed);
		}
		Map<String, String> stored = new LinkedHashMap<>();
		byIndex.forEach((index, number) -> stored.put(index, protector.encryptParties(List.of(number))));
		return new Members(protector.encryptParties(List.copyOf(byIndex.values())), stored);
	}

	private GroupView view(String groupId, GroupState state) {
		List<String> masked = new ArrayList<>(state.members().size());
		for (String ciphertext : state.members().values()) {
			masked.add(protector.decryptParties(ciphertext).get(0).masked());
		}
		return new GroupView(groupId, state.orderId(), masked, state.aCallsLastMember(), state.createdAt());
	}

	private static void checkId(String groupId) {
		if (!BindingId.isValid(groupId)) {
			throw notFound(groupId);
		}
	}

	public static Refusal notFound(String groupId) {
		return new Refusal(ProblemCode.GROUP_NOT_FOUND,
				"no group " + (groupId.matches("[A-Za-z0-9]{1,32}") ? groupId : "with that id"));
	}

	private static Refusal bound() {
		return new Refusal(ProblemCode.GROUP_BOUND,
				"the group is held by an active AXG binding: release the binding first");
	}

	private static Refusal invalid(String detail) {
		return new Refusal(ProblemCode.VALIDATION_FAILED, detail);
	}

	/**
	 * Members as stored (blind index to their own ciphertext) and all of them in one
	 * ciphertext (the event's).
	 */
	private record Members(String parties, Map<String, String> stored) {
	}

}
