package io.numshield.routing;

import io.numshield.core.crypto.PersonalDataProtector;
import io.numshield.core.number.ManagementNumber;
import io.numshield.core.number.RealNumber;
import io.numshield.core.number.VirtualNumber;
import io.numshield.core.number.VirtualShard;
import io.numshield.core.redis.BindingId;
import io.numshield.core.redis.LeaseCall;
import io.numshield.core.redis.LeaseScript;
import io.numshield.core.redis.ReleaseCall;
import io.numshield.core.redis.RedisKeys;
import io.numshield.support.redis.LeaseScripts;

import java.time.Instant;
import java.util.List;

import org.redisson.api.RedissonClient;
import org.redisson.client.codec.StringCodec;

/**
 * Puts live leases into Redis exactly as binding-service does: the same lease scripts,
 * the same key layout, the same personal-data protection. Routing tests read what a real
 * lease wrote.
 */
public final class LiveLeases {

	private final LeaseScripts scripts;

	private final RedisKeys keys;

	private final PersonalDataProtector protector;

	private final RedissonClient redisson;

	public LiveLeases(LeaseScripts scripts, RedisKeys keys, PersonalDataProtector protector, RedissonClient redisson) {
		this.scripts = scripts;
		this.keys = keys;
		this.protector = protector;
		this.redisson = redisson;
	}

	public void platform(String platformId, String status) {
		for (VirtualShard shard : VirtualShard.all()) {
			redisson.getMap(keys.platforms(shard), StringCodec.INSTANCE).fastPut(platformId, status);
		}
	}

	/** The pool of the blocks made here, which the tests' carrier tokens serve. */
	public static final String POOL = "route-pool";

	public void block(ManagementNumber block) {
		block(block, POOL);
	}

	public void block(ManagementNumber block, String pool) {
		scripts.run(LeaseScript.INIT_BLOCK, keys.shardBase(block.shard()), block.digits(), pool,
				Integer.toString(block.size()), "200", "0");
	}

	/**
	 * A block of {@link #POOL} whose numbers carry up to {@code extensions} AXE bindings
	 * of {@code digits}-digit extensions, with the pool's call controls
	 * ({@code maxDuration}, {@code announcement}, {@code ringback}: "" for none).
	 */
	public void axeBlock(ManagementNumber block, int digits, int extensions, String maxDuration, String announcement,
			String ringback) {
		scripts.run(LeaseScript.INIT_BLOCK, keys.shardBase(block.shard()), block.digits(), POOL,
				Integer.toString(block.size()), "200", "0", Integer.toString(digits), Integer.toString(extensions),
				maxDuration, announcement, ringback);
	}

	/**
	 * An AXE binding on {@code x} ({@code b} null: the AXN rules on its extension), with
	 * the binding's own call controls ("" for none); answers its id and extension.
	 */
	public String[] axe(String platformId, VirtualNumber x, String a, String b, String direction, String controls) {
		RealNumber partyA = RealNumber.parse(a);
		RealNumber partyB = b == null ? null : RealNumber.parse(b);
		ManagementNumber block = x.managementNumber();
		BindingId id = BindingId.random(block.shard());
		LeaseCall.Reply answer = scripts.call(
				new LeaseCall(id.value(), platformId, "ORD-E", "AXE", block.digits(), x.indexInBlock(),
						protector.blindIndex(partyA), partyB == null ? "" : protector.blindIndex(partyB),
						protector.encryptParties(partyB == null ? List.of(partyA) : List.of(partyA, partyB)), direction,
						true, 600_000L, null, 0, "consent-e", Instant.now(), 1000, controls),
				keys.shardBase(block.shard()));
		if (!"OK".equals(answer.result())) {
			throw new IllegalStateException("lease refused: " + answer.result());
		}
		return new String[] { id.value(), answer.extension() };
	}

	public void blockCaller(String number) {
		String index = protector.blindIndex(RealNumber.parse(number));
		for (VirtualShard shard : VirtualShard.all()) {
			redisson.getSet(keys.blocklist(shard), StringCodec.INSTANCE).add(index);
		}
	}

	public String axb(String platformId, VirtualNumber x, String a, String b, String direction, boolean recording) {
		RealNumber partyA = RealNumber.parse(a);
		RealNumber partyB = RealNumber.parse(b);
		return lease(platformId, x, "AXB", protector.blindIndex(partyA), protector.blindIndex(partyB),
				protector.encryptParties(List.of(partyA, partyB)), direction, recording);
	}

	/** An AXB pair that ends after {@code ttlMillis}. */
	public String axb(String platformId, VirtualNumber x, String a, String b, long ttlMillis) {
		RealNumber partyA = RealNumber.parse(a);
		RealNumber partyB = RealNumber.parse(b);
		return lease(platformId, x, "AXB", protector.blindIndex(partyA), protector.blindIndex(partyB),
				protector.encryptParties(List.of(partyA, partyB)), "BOTH", false, ttlMillis);
	}

	public String axn(String platformId, VirtualNumber x, String a) {
		RealNumber partyA = RealNumber.parse(a);
		return lease(platformId, x, "AXN", protector.blindIndex(partyA), "", protector.encryptParties(List.of(partyA)),
				"BOTH", false);
	}

	public void release(String bindingId) {
		BindingId id = new BindingId(bindingId);
		scripts.call(new ReleaseCall(bindingId, "", "DELETED", 86_400_000, 1000), keys.shardBase(id.shard()));
	}

	private String lease(String platformId, VirtualNumber x, String mode, String idxA, String idxB, String parties,
			String direction, boolean recording) {
		return lease(platformId, x, mode, idxA, idxB, parties, direction, recording, 600_000L);
	}

	private String lease(String platformId, VirtualNumber x, String mode, String idxA, String idxB, String parties,
			String direction, boolean recording, long ttlMillis) {
		ManagementNumber block = x.managementNumber();
		BindingId id = BindingId.random(block.shard());
		LeaseCall.Reply answer = scripts.call(
				new LeaseCall(id.value(), platformId, "ORD-R", mode, block.digits(), x.indexInBlock(), idxA, idxB,
						parties, direction, recording, ttlMillis, null, 0, "consent-r", Instant.now(), 1000),
				keys.shardBase(block.shard()));
		if (!"OK".equals(answer.result())) {
			throw new IllegalStateException("lease refused: " + answer.result());
		}
		return id.value();
	}

}
