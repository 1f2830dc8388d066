package io.numshield.audit;

import io.numshield.core.crypto.PersonalDataProtector;
import io.numshield.core.number.ManagementNumber;
import io.numshield.core.number.RealNumber;
import io.numshield.core.number.VirtualShard;
import io.numshield.core.redis.BindingId;
import io.numshield.core.redis.LeaseCall;
import io.numshield.core.redis.LeaseScript;
import io.numshield.core.redis.ReleaseCall;
import io.numshield.core.redis.RedisKeys;
import io.numshield.core.token.Audience;
import io.numshield.core.token.Role;
import io.numshield.support.redis.LeaseScripts;
import io.numshield.testsupport.TestInfrastructure;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import org.redisson.api.RedissonClient;
import org.redisson.client.codec.StringCodec;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * What every audit IT shares: the properties (the service logs in as its own restricted
 * role, Flyway as the owner) and leases made by the real lease scripts on fresh blocks.
 */
public final class AuditTestContext {

	public static final String PLATFORM = "audit-plat";

	private static final AtomicInteger NEXT_BLOCK = new AtomicInteger(
			(int) (ProcessHandle.current().pid() % 1000) * 1000);

	private final LeaseScripts scripts;

	private final RedisKeys keys;

	private final PersonalDataProtector protector;

	private final RedissonClient redisson;

	public AuditTestContext(LeaseScripts scripts, RedisKeys keys, PersonalDataProtector protector,
			RedissonClient redisson) {
		this.scripts = scripts;
		this.keys = keys;
		this.protector = protector;
		this.redisson = redisson;
	}

	public static void register(DynamicPropertyRegistry registry) {
		TestInfrastructure infra = TestInfrastructure.get();
		infra.register(registry);
		registry.add("spring.flyway.user", infra::user);
		registry.add("spring.flyway.password", infra::password);
		registry.add("spring.datasource.username", () -> "numshield_audit_app");
		registry.add("spring.datasource.password", () -> "");
		registry.add("numshield.audit.poll-interval", () -> "100ms");
		registry.add("numshield.audit.claim-idle", () -> "1s");
		registry.add("numshield.audit.calls.store-url", () -> RecordingStoreServer.get().url());
		registry.add("numshield.audit.calls.store-authorization", () -> RecordingStoreServer.AUTHORIZATION);
		registry.add("numshield.audit.signals.webhook.url", () -> SignalWebhookServer.get().url());
		registry.add("numshield.audit.signals.webhook.secret", () -> SignalWebhookServer.SECRET);
	}

	public static String token(Role role) {
		return TestInfrastructure.get().mintToken(Audience.AUDIT, "test-" + role.name().toLowerCase(), role, PLATFORM);
	}

	public ManagementNumber newBlock() {
		ManagementNumber block = ManagementNumber
			.segment700("700" + String.format("%08d", 40_000_000 + NEXT_BLOCK.incrementAndGet()));
		for (VirtualShard shard : VirtualShard.all()) {
			redisson.getMap(keys.platforms(shard), StringCodec.INSTANCE).fastPut(PLATFORM, "ACTIVE");
		}
		scripts.run(LeaseScript.INIT_BLOCK, keys.shardBase(block.shard()), block.digits(), "audit-pool", "10000", "200",
				"0");
		return block;
	}

	/**
	 * Leases number {@code index} of the block to A and B (AXB, or AXN when b is null);
	 * answers bindingId and X.
	 */
	public Map<String, Object> lease(ManagementNumber block, int index, String a, String b, Duration ttl) {
		RealNumber partyA = RealNumber.parse(a);
		RealNumber partyB = b == null ? null : RealNumber.parse(b);
		BindingId id = BindingId.random(block.shard());
		LeaseCall.Reply answer = scripts.call(
				new LeaseCall(id.value(), PLATFORM, "ORD-" + id.suffix(), b == null ? "AXN" : "AXB", block.digits(),
						index, protector.blindIndex(partyA), partyB == null ? "" : protector.blindIndex(partyB),
						protector.encryptParties(partyB == null ? List.of(partyA) : List.of(partyA, partyB)), "BOTH",
						false, ttl.toMillis(), null, 0, "consent-" + id.suffix(), Instant.now(), 1000),
				keys.shardBase(block.shard()));
		if (!"OK".equals(answer.result())) {
			throw new IllegalStateException("lease refused: " + answer.result());
		}
		return Map.of("id", id.value(), "x", answer.virtualNumber());
	}

	/**
	 * An AXE binding (issue 14) on number {@code index} of the block, with a party B and
	 * call controls of its own; answers its id, number and extension.
	 */
	public Map<String, Object> leaseAxe(ManagementNumber block, int index, String a, String b, String controls) {
		RealNumber partyA = RealNumber.parse(a);
		RealNumber partyB = RealNumber.parse(b);
		BindingId id = BindingId.random(block.shard());
		LeaseCall.Reply answer = scripts.call(new LeaseCall(id.value(), PLATFORM, "ORD-" + id.suffix(), "AXE",
				block.digits(), index, protector.blindIndex(partyA), protector.blindIndex(partyB),
				protector.encryptParties(List.of(partyA, partyB)), "BOTH", false, Duration.ofMinutes(30).toMillis(),
				null, 0, "consent-" + id.suffix(), Instant.now(), 1000, controls), keys.shardBase(block.shard()));
		if (!"OK".equals(answer.result())) {
			throw new IllegalStateException("lease refused: " + answer.result());
		}
		return Map.of("id", id.value(), "x", answer.virtualNumber(), "extension", answer.extension());
	}

	public void release(String bindingId) {
		scripts.call(new ReleaseCall(bindingId, "", "DELETED", 86_400_000, 1000),
				keys.shardBase(new BindingId(bindingId).shard()));
	}

	public void changePartyB(String bindingId, String a, String newB) {
		RealNumber partyB = RealNumber.parse(newB);
		Map<String, Object> answer = scripts.answer(LeaseScript.UPDATE,
				keys.shardBase(new BindingId(bindingId).shard()), bindingId, PLATFORM,
				"updated:" + bindingId + ":" + java.util.UUID.randomUUID(), "", protector.blindIndex(partyB),
				protector.encryptParties(List.of(RealNumber.parse(a), partyB)), "1000");
		if (!"OK".equals(answer.get("r"))) {
			throw new IllegalStateException("update refused: " + answer);
		}
	}

}
