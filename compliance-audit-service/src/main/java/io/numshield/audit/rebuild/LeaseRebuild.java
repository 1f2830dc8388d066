package io.numshield.audit.rebuild;

import io.numshield.core.number.VirtualShard;
import io.numshield.core.redis.BindingId;
import io.numshield.core.redis.LeaseScript;
import io.numshield.core.redis.RedisKeys;
import io.numshield.support.redis.LeaseScripts;

import java.sql.Timestamp;
import java.time.Clock;
import java.util.Map;
import java.util.TreeMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

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
 */
@Component
public class LeaseRebuild {

	private static final Logger log = LoggerFactory.getLogger(LeaseRebuild.class);

	private final JdbcTemplate jdbc;

	private final LeaseScripts scripts;

	private final RedisKeys keys;

	private final Clock clock;

	LeaseRebuild(JdbcTemplate jdbc, LeaseScripts scripts, RedisKeys keys, Clock clock) {
		this.jdbc = jdbc;
		this.scripts = scripts;
		this.keys = keys;
		this.clock = clock;
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
		JdbcTemplate streaming = new JdbcTemplate(jdbc.getDataSource());
		streaming.setFetchSize(1_000);
		streaming
			.query("SELECT binding_id, platform_id, order_id, mode, virtual_number, direction, recording, leased_at, "
					+ "expires_at, party_a_index, party_b_index, parties, extension, call_controls FROM holding "
					+ "WHERE valid_to IS NULL AND released_at IS NULL AND expires_at > ? AND left(binding_id, 2) = ANY (?)",
					rs -> {
						BindingId id = new BindingId(rs.getString("binding_id"));
						Map<String, Object> answer = scripts.answer(LeaseScript.RESTORE, keys.shardBase(id.shard()),
								id.value(), rs.getString("platform_id"), rs.getString("order_id"), rs.getString("mode"),
								rs.getString("virtual_number"), rs.getString("direction"),
								rs.getBoolean("recording") ? "1" : "0",
								Long.toString(rs.getTimestamp("leased_at").getTime()),
								Long.toString(rs.getTimestamp("expires_at").getTime()), rs.getString("party_a_index"),
								nz(rs.getString("party_b_index")), rs.getString("parties"),
								nz(rs.getString("extension")), nz(rs.getString("call_controls")));
						outcomes.merge(String.valueOf(answer.get("r")), 1, Integer::sum);
						if ("CONFLICT".equals(answer.get("r"))) {
							log.warn("binding {} not restored: its number is taken by a lease made since the loss",
									id.value());
						}
					}, Timestamp.from(clock.instant()), tags);
		return outcomes;
	}

	private static String nz(String value) {
		return value == null ? "" : value;
	}

}
