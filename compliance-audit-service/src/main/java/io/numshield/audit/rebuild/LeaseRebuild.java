package io.numshield.audit.rebuild;

import io.numshield.core.crypto.PersonalDataProtector;
import io.numshield.core.number.RealNumber;
import io.numshield.core.number.VirtualShard;
import io.numshield.core.redis.BindingId;
import io.numshield.core.redis.LeaseScript;
import io.numshield.core.redis.RedisKeys;
import io.numshield.support.redis.LeaseScripts;

import java.sql.Timestamp;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import org.jspecify.annotations.Nullable;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * Puts every binding that the ledger knows as live (leased, not released, not expired)
 * back into Redis with {@code restore.lua}, one binding per script, each on its own
 * shard. Safe to repeat: a binding Redis still has is left alone ({@code EXISTS}).
 * Answers how many ended in each outcome: {@code OK}, {@code EXISTS}, {@code EXPIRED}
 * (ran out meanwhile), {@code BLOCK_UNKNOWN} (start binding-service first: it registers
 * the blocks again), {@code BUCKET_UNKNOWN} (the same: its sweeper records the expiry
 * bucket width the restored entries are scheduled with), {@code CONFLICT} (a lease made
 * since the loss holds the place; listed in the log by binding id).
 * <p>
 * The script is the core's {@code restore.lua}, and every setting of the live state it
 * writes comes from what binding-service put into the shard (the block's settings, the
 * bucket width): this service keeps none of binding-service's settings (ADR 0016).
 * <p>
 * AXG (ADR 0024): the groups the ledger knows as live (created, not deleted; their
 * {@code GROUP_*} entries folded in order) come back first at their home shard
 * ({@code group.lua RESTORE}, with the live AXG bindings that hold each, each member's
 * own ciphertext made again from the entry that added it): {@code GROUP_OK}, or
 * {@code GROUP_EXISTS} when Redis still has the group. Then each AXG binding comes back
 * with its group's reference and the copy of its members on its own shard, as a lease
 * leaves them.
 */
@Component
public class LeaseRebuild {

	private static final Logger log = LoggerFactory.getLogger(LeaseRebuild.class);

	private final JdbcTemplate jdbc;

	private final LeaseScripts scripts;

	private final RedisKeys keys;

	private final Clock clock;

	private final PersonalDataProtector protector;

	private static final String GROUP_TYPES = "('GROUP_CREATED', 'GROUP_MEMBERS_ADDED', 'GROUP_MEMBERS_REMOVED', "
			+ "'GROUP_DELETED')";

	private static final TypeReference<Map<String, String>> FIELDS = new TypeReference<>() {
	};

	private static final ObjectMapper JSON = JsonMapper.builder().build();

	LeaseRebuild(JdbcTemplate jdbc, LeaseScripts scripts, RedisKeys keys, Clock clock,
			PersonalDataProtector protector) {
		this.jdbc = jdbc;
		this.scripts = scripts;
		this.keys = keys;
		this.clock = clock;
		this.protector = protector;
	}

	/** Every shard. */
	public Map<String, Integer> rebuild() {
		return rebuild(java.util.stream.IntStream.range(0, VirtualShard.COUNT).boxed().toList());
	}

	/**
	 * The live bindings of these shards only (a binding id starts with its shard's
	 * two-digit tag).
	 */
	public Map<String, Integer> rebuild(java.util.Collection<Integer> shards) {
		Map<String, Integer> outcomes = new TreeMap<>();
		String[] tags = shards.stream().map(shard -> new VirtualShard(shard).tag()).toArray(String[]::new);
		Timestamp now = Timestamp.from(clock.instant());
		Map<String, Group> groups = liveGroups();
		if (!groups.isEmpty()) {
			restoreGroups(groups, Set.of(tags), now, outcomes);
		}
		JdbcTemplate streaming = new JdbcTemplate(jdbc.getDataSource());
		streaming.setFetchSize(1_000);
		streaming
			.query("SELECT binding_id, platform_id, order_id, mode, virtual_number, direction, recording, leased_at, "
					+ "expires_at, party_a_index, party_b_index, parties, extension, call_controls, group_id FROM holding "
					+ "WHERE valid_to IS NULL AND released_at IS NULL AND expires_at > ? AND left(binding_id, 2) = ANY (?)",
					rs -> {
						BindingId id = new BindingId(rs.getString("binding_id"));
						Group group = groups.get(nz(rs.getString("group_id")));
						Map<String, Object> answer = scripts.answer(LeaseScript.RESTORE, keys.shardBase(id.shard()),
								id.value(), rs.getString("platform_id"), rs.getString("order_id"), rs.getString("mode"),
								rs.getString("virtual_number"), rs.getString("direction"),
								rs.getBoolean("recording") ? "1" : "0",
								Long.toString(rs.getTimestamp("leased_at").getTime()),
								Long.toString(rs.getTimestamp("expires_at").getTime()), rs.getString("party_a_index"),
								nz(rs.getString("party_b_index")), rs.getString("parties"),
								nz(rs.getString("extension")), nz(rs.getString("call_controls")),
								group == null ? "" : (group.aCallsLastMember ? "1" : "0") + rs.getString("group_id"),
								group == null ? "0" : Long.toString(group.version),
								group == null ? "" : String.join(",", group.members.keySet()));
						outcomes.merge(String.valueOf(answer.get("r")), 1, Integer::sum);
						if ("CONFLICT".equals(answer.get("r"))) {
							log.warn("binding {} not restored: its number is taken by a lease made since the loss",
									id.value());
						}
					}, now, tags);
		return outcomes;
	}

	/**
	 * The groups of these shards that Redis lost, back at their home with the live AXG
	 * bindings that hold them.
	 */
	private void restoreGroups(Map<String, Group> groups, Set<String> tags, Timestamp now,
			Map<String, Integer> outcomes) {
		Map<String, String> bound = new HashMap<>();
		jdbc.query("SELECT group_id, string_agg(binding_id, ',' ORDER BY binding_id) AS ids FROM holding "
				+ "WHERE group_id IS NOT NULL AND valid_to IS NULL AND released_at IS NULL AND expires_at > ? "
				+ "GROUP BY group_id", rs -> {
					bound.put(rs.getString("group_id"), rs.getString("ids"));
				}, now);
		Map<String, Map<String, RealNumber>> decrypted = new HashMap<>();
		groups.forEach((groupId, group) -> {
			BindingId home = new BindingId(groupId);
			if (!tags.contains(groupId.substring(0, 2))) {
				return;
			}
			List<Object> args = new ArrayList<>(List.of("RESTORE", groupId, group.platformId, group.orderId,
					group.aCallsLastMember ? "1" : "0", Long.toString(group.createdAt), Long.toString(group.version),
					bound.getOrDefault(groupId, "")));
			group.members.forEach((index, parties) -> {
				// each member's own ciphertext, as binding-service stores it: made again
				// from the entry's (every member that entry named, in one)
				RealNumber number = decrypted.computeIfAbsent(parties, this::byIndex).get(index);
				if (number != null) {
					args.add(index);
					args.add(protector.encryptParties(List.of(number)));
				}
			});
			Object answer = scripts.answer(LeaseScript.GROUP, keys.shardBase(home.shard()), args.toArray()).get("r");
			outcomes.merge("GROUP_" + answer, 1, Integer::sum);
		});
	}

	private Map<String, RealNumber> byIndex(String parties) {
		Map<String, RealNumber> numbers = new HashMap<>();
		for (RealNumber number : protector.decryptParties(parties)) {
			numbers.put(protector.blindIndex(number), number);
		}
		return numbers;
	}

	/**
	 * Every group the ledger knows as live: its {@code GROUP_*} entries (a group's are
	 * all on its home shard's stream, so in the ledger's order) folded into its state.
	 */
	private Map<String, Group> liveGroups() {
		Map<String, Group> groups = new HashMap<>();
		jdbc.query("SELECT type, occurred_at, platform_id, order_id, parties, details FROM ledger WHERE type IN "
				+ GROUP_TYPES + " ORDER BY seq", rs -> {
					Map<String, String> f = JSON.readValue(rs.getString("details"), FIELDS);
					String groupId = f.get("groupId");
					if (groupId == null || !BindingId.isValid(groupId)) {
						return;
					}
					String type = rs.getString("type");
					Group group = groups.get(groupId);
					if (type.equals("GROUP_CREATED")) {
						group = new Group(rs.getString("platform_id"), nz(rs.getString("order_id")),
								rs.getTimestamp("occurred_at").getTime(), !"false".equals(f.get("aCallsLastMember")));
						groups.put(groupId, group);
					}
					if (group == null) {
						return;
					}
					if (type.equals("GROUP_DELETED")) {
						groups.remove(groupId);
						return;
					}
					group.version = Long.parseLong(f.getOrDefault("groupVersion", "1"));
					for (String index : nz(f.get("memberIndexes")).split(",")) {
						if (index.isEmpty()) {
							continue;
						}
						if (type.equals("GROUP_MEMBERS_REMOVED")) {
							group.members.remove(index);
						}
						else {
							group.members.putIfAbsent(index, rs.getString("parties"));
						}
					}
				});
		return groups;
	}

	/**
	 * A live group as its entries leave it: member blind index to the ciphertext of the
	 * entry that added it.
	 */
	private static final class Group {

		final String platformId;

		final String orderId;

		final long createdAt;

		final boolean aCallsLastMember;

		long version = 1;

		final Map<String, String> members = new LinkedHashMap<>();

		Group(String platformId, String orderId, long createdAt, boolean aCallsLastMember) {
			this.platformId = platformId;
			this.orderId = orderId;
			this.createdAt = createdAt;
			this.aCallsLastMember = aCallsLastMember;
		}

	}

	private static String nz(@Nullable String value) {
		return value == null ? "" : value;
	}

}
