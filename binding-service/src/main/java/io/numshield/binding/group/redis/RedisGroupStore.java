package io.numshield.binding.group.redis;

import io.numshield.binding.group.GroupState;
import io.numshield.binding.group.GroupStore;
import io.numshield.core.redis.BindingId;
import io.numshield.core.redis.LeaseScript;
import io.numshield.core.redis.RedisKeys;
import io.numshield.support.redis.LeaseScripts;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

/**
 * Groups in Redis (ADR 0024): {@code group.lua} on the shard the group's id names,
 * {@code group-sync.lua} on the shard a binding's id names.
 */
@Component
class RedisGroupStore implements GroupStore {

	private final RedisKeys keys;

	private final LeaseScripts scripts;

	RedisGroupStore(RedisKeys keys, LeaseScripts scripts) {
		this.keys = keys;
		this.scripts = scripts;
	}

	@Override
	public Changed create(String groupId, String platformId, @Nullable String orderId, boolean aCallsLastMember,
			String eventId, String parties, Map<String, String> members, int maxMembers) {
		List<Object> args = new ArrayList<>(List.of("CREATE", groupId, platformId, orderId == null ? "" : orderId,
				aCallsLastMember ? "1" : "0", eventId, parties, maxMembers));
		members.forEach((index, ciphertext) -> {
			args.add(index);
			args.add(ciphertext);
		});
		return changed(run(groupId, args));
	}

	@Override
	public Changed change(boolean add, String groupId, String platformId, String eventId, String parties,
			Map<String, String> members, int maxMembers) {
		List<Object> args = new ArrayList<>(
				List.of(add ? "ADD" : "REMOVE", groupId, platformId, eventId, parties, maxMembers));
		members.forEach((index, ciphertext) -> {
			args.add(index);
			args.add(ciphertext);
		});
		return changed(run(groupId, args));
	}

	@Override
	public Optional<GroupState> find(String groupId, String platformId) {
		return Optional.ofNullable(changed(run(groupId, List.of("GET", groupId, platformId))).state());
	}

	@Override
	public Optional<GroupState> attach(String groupId, String platformId, String bindingId) {
		return Optional.ofNullable(changed(run(groupId, List.of("ATTACH", groupId, platformId, bindingId))).state());
	}

	@Override
	public void detach(String groupId, String platformId, List<String> bindingIds) {
		run(groupId, List.of("DETACH", groupId, platformId, String.join(",", bindingIds)));
	}

	@Override
	public Outcome delete(String groupId, String platformId, String eventId) {
		return Outcome.valueOf(String.valueOf(run(groupId, List.of("DELETE", groupId, platformId, eventId)).get("r")));
	}

	@Override
	public boolean sync(String bindingId, String groupId, long version, Collection<String> memberIndexes) {
		Map<String, Object> answer = scripts.answer(LeaseScript.GROUP_SYNC,
				keys.shardBase(BindingId.of(bindingId).shard()), bindingId, groupId, version,
				String.join(",", memberIndexes));
		return "ACTIVE".equals(answer.get("r"));
	}

	private Map<String, Object> run(String groupId, List<Object> args) {
		return scripts.answer(LeaseScript.GROUP, keys.shardBase(BindingId.of(groupId).shard()), args.toArray());
	}

	private static Changed changed(Map<String, Object> answer) {
		Outcome outcome = Outcome.valueOf(String.valueOf(answer.get("r")));
		if (outcome != Outcome.OK) {
			return new Changed(outcome, null);
		}
		Map<String, String> members = new LinkedHashMap<>();
		for (String member : split(answer.get("members"))) {
			int cut = member.indexOf(':');
			members.put(member.substring(0, cut), member.substring(cut + 1));
		}
		String orderId = String.valueOf(answer.get("orderId"));
		return new Changed(outcome,
				new GroupState(orderId.isEmpty() ? null : orderId,
						Instant.ofEpochMilli(Long.parseLong(String.valueOf(answer.get("createdAt")))),
						"1".equals(answer.get("aCalls")), Long.parseLong(String.valueOf(answer.get("version"))),
						split(answer.get("bound")), members));
	}

	private static List<String> split(@Nullable Object joined) {
		String text = joined == null ? "" : joined.toString();
		return text.isEmpty() ? List.of() : List.of(text.split(","));
	}

}
