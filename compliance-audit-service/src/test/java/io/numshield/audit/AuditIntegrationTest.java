package io.numshield.audit;

import io.numshield.core.crypto.PersonalDataProtector;
import io.numshield.core.number.ManagementNumber;
import io.numshield.core.number.RealNumber;
import io.numshield.core.number.VirtualNumber;
import io.numshield.core.redis.RouteCall;
import io.numshield.core.redis.RedisKeys;
import io.numshield.support.redis.LeaseScripts;

import java.util.List;
import java.util.UUID;

import org.redisson.api.RedissonClient;
import org.redisson.client.codec.StringCodec;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * One application context for every audit IT (one ingestor, one consumer name): tests
 * that stop and start the ingestor, or take the database away, then act on the only one
 * there is. Gives every test the beans it uses to make leases with the real scripts and
 * to read the ledger.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
public abstract class AuditIntegrationTest {

	@Autowired
	protected LeaseScripts scripts;

	@Autowired
	protected RedisKeys keys;

	@Autowired
	protected PersonalDataProtector protector;

	@Autowired
	protected RedissonClient redisson;

	/** The service's own connection: role numshield_audit_app. */
	@Autowired
	protected JdbcTemplate jdbc;

	@DynamicPropertySource
	static void infrastructure(DynamicPropertyRegistry registry) {
		AuditTestContext.register(registry);
	}

	/**
	 * group.lua's arguments as binding-service's RedisGroupStore gives them:
	 * {@code head}, then each member's blind index and own ciphertext.
	 */
	protected Object[] members(List<String> head, String... numbers) {
		List<Object> args = new java.util.ArrayList<>(head);
		for (String number : numbers) {
			args.add(index(number));
			args.add(protector.encryptParties(numbers(number)));
		}
		return args.toArray();
	}

	protected static List<RealNumber> numbers(String... numbers) {
		return java.util.Arrays.stream(numbers).map(RealNumber::parse).toList();
	}

	protected String index(String number) {
		return protector.blindIndex(RealNumber.parse(number));
	}

	protected AuditTestContext leases() {
		return new AuditTestContext(scripts, keys, protector, redisson);
	}

	/**
	 * Deletes the block's shard's lease state (bindings, indexes, bitmaps, the recorded
	 * bucket width), as a Redis that lost it; keeps the mirrors and the stream. Then
	 * sweeps the shard once, as binding-service's sweeper does every second, which
	 * records the expiry bucket width again (the leases of {@link AuditTestContext} are
	 * scheduled with 1 s buckets).
	 */
	protected void wipeLeaseState(ManagementNumber block) {
		String base = keys.shardBase(block.shard());
		List<String> keep = List.of(base + "bp", base + "p", base + "bl", base + "ev");
		for (String key : redisson.getKeys().getKeysByPattern(base.replace("{", "\\{").replace("}", "\\}") + "*")) {
			if (!keep.contains(key)) {
				redisson.getBucket(key, StringCodec.INSTANCE).delete();
			}
		}
		sweep(block);
	}

	/**
	 * One sweep of the block's shard, as binding-service's sweeper runs it (1 s buckets,
	 * as {@link AuditTestContext}'s leases).
	 */
	protected void sweep(ManagementNumber block) {
		scripts.run(io.numshield.core.redis.LeaseScript.SWEEP, keys.shardBase(block.shard()), "1000", "500",
				"86400000");
	}

	/** A call from {@code caller} to {@code x}, decided by the real routing script. */
	protected RouteCall.Decision route(String x, String caller) {
		RealNumber number = RealNumber.parse(caller);
		return scripts.call(new RouteCall(x, "c-" + UUID.randomUUID(), protector.blindIndex(number),
				protector.encryptParties(List.of(number)), "VOICE", 30, 600_000, 86_400_000, 86_400_000,
				"routed:" + UUID.randomUUID(), 100_000), keys.shardBase(new VirtualNumber(x).shard()));
	}

}
