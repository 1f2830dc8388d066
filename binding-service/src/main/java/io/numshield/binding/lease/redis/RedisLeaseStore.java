package io.numshield.binding.lease.redis;

import io.numshield.binding.lease.AuditBacklogProbe;
import io.numshield.binding.lease.LeaseCommand;
import io.numshield.binding.lease.LeaseOutcome;
import io.numshield.binding.lease.LeaseOutcome.Result;
import io.numshield.binding.lease.LeaseStore;
import io.numshield.binding.platform.PlatformReleaser;
import io.numshield.binding.lease.LeaseProperties;
import io.numshield.core.number.VirtualNumber;
import io.numshield.core.number.VirtualShard;
import io.numshield.core.redis.BindingId;
import io.numshield.core.redis.BindingRecord;
import io.numshield.core.redis.CallControls;
import io.numshield.core.redis.LeaseCall;
import io.numshield.core.redis.LeaseScript;
import io.numshield.core.redis.RedisKeys;
import io.numshield.core.redis.ReleaseCall;
import io.numshield.support.redis.LeaseScripts;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.Nullable;
import org.redisson.api.BatchResult;
import org.redisson.api.RBatch;
import org.redisson.api.RFuture;
import org.redisson.api.RLock;
import org.redisson.api.RMap;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.StringCodec;
import org.springframework.stereotype.Component;

/**
 * Lease state in Redis. Each change runs one lease script on one shard; reads that span
 * shards (an order's bindings, a platform's count) are one pipelined batch.
 */
@Component
class RedisLeaseStore implements LeaseStore, PlatformReleaser, AuditBacklogProbe {

	private final RedissonClient redisson;

	private final RedisKeys keys;

	private final LeaseScripts scripts;

	private final LeaseProperties properties;

	RedisLeaseStore(RedissonClient redisson, RedisKeys keys, LeaseScripts scripts, LeaseProperties properties) {
		this.redisson = redisson;
		this.keys = keys;
		this.scripts = scripts;
		this.properties = properties;
	}

	@Override
	public LeaseOutcome lease(LeaseCommand c) {
		return outcome(scripts.call(leaseCall(c), keys.shardBase(c.block().shard())));
	}

	@Override
	public CompletionStage<LeaseOutcome> leaseAsync(LeaseCommand c) {
		return scripts.callAsync(leaseCall(c), keys.shardBase(c.block().shard())).thenApply(RedisLeaseStore::outcome);
	}

	private LeaseCall leaseCall(LeaseCommand c) {
		int startByte = ThreadLocalRandom.current().nextInt((c.block().size() + 7) / 8);
		return new LeaseCall(c.bindingId().value(), c.platformId(), c.orderId(), c.mode().name(), c.block().digits(),
				c.askedIndex(), c.partyAIndex(), c.partyBIndex(), c.parties(), c.direction().name(), c.recording(),
				c.ttlMillis(), c.expiresAt(), startByte, c.consentReference(), c.consentGrantedAt(),
				properties.expiryBucket().toMillis(), c.callControls().stored(), c.group(), c.industrialId());
	}

	private static LeaseOutcome outcome(LeaseCall.Reply reply) {
		if (reply.leased()) {
			return new LeaseOutcome(Result.OK, new VirtualNumber(reply.virtualNumber()), reply.createdAt(),
					reply.expiresAt(), reply.extension());
		}
		return LeaseOutcome.of(Result.valueOf(reply.result()));
	}

	@Override
	public Optional<BindingRecord> find(BindingId id) {
		return record(id, bindings(id).getAll(fields(id)));
	}

	@Override
	public CompletionStage<Optional<BindingRecord>> findAsync(BindingId id) {
		return bindings(id).getAllAsync(fields(id)).thenApply(found -> record(id, found));
	}

	/**
	 * Its field, and its whole id for a record stored before format 2 (one HMGET for
	 * both).
	 */
	private static Set<String> fields(BindingId id) {
		return Set.of(RedisKeys.bindingField(id), id.value());
	}

	private static Optional<BindingRecord> record(BindingId id, Map<String, String> found) {
		String value = found.get(RedisKeys.bindingField(id));
		return record(value != null ? value : found.get(id.value()));
	}

	private RMap<String, String> bindings(BindingId id) {
		return redisson.getMap(keys.bindings(id.shard()), StringCodec.INSTANCE);
	}

	private static Optional<BindingRecord> record(String value) {
		return Optional.ofNullable(value).map(BindingRecord::parse);
	}

	@Override
	public List<BindingId> findByOrder(String platformId, String orderId) {
		RBatch batch = redisson.createBatch();
		Map<VirtualShard, RFuture<String>> listed = new LinkedHashMap<>();
		for (VirtualShard shard : VirtualShard.all()) {
			listed.put(shard, batch.<String, String>getMap(keys.orders(shard, platformId), StringCodec.INSTANCE)
				.getAsync(orderId));
		}
		batch.execute();
		List<BindingId> ids = new ArrayList<>();
		listed.forEach((shard, each) -> {
			String value = each.toCompletableFuture().join();
			if (value != null) {
				for (String id : value.split(",")) {
					ids.add(RedisKeys.listedBinding(shard, id));
				}
			}
		});
		return ids;
	}

	@Override
	public List<BindingId> findOnNumber(String platformId, VirtualNumber number, String extension) {
		String found = scripts.run(LeaseScript.LOOKUP, keys.shardBase(number.shard()), number.digits(), platformId,
				extension == null ? "" : extension);
		if (found == null || found.isEmpty()) {
			return List.of();
		}
		return java.util.Arrays.stream(found.split(",")).map(BindingId::new).toList();
	}

	@Override
	public String release(BindingId id, String platformIdOrAny, String reason) {
		return scripts.call(releaseCall(id, platformIdOrAny, reason), keys.shardBase(id.shard()));
	}

	@Override
	public CompletionStage<String> releaseAsync(BindingId id, String platformIdOrAny, String reason) {
		return scripts.callAsync(releaseCall(id, platformIdOrAny, reason), keys.shardBase(id.shard()));
	}

	private ReleaseCall releaseCall(BindingId id, String platformIdOrAny, String reason) {
		return new ReleaseCall(id.value(), platformIdOrAny, reason, properties.tombstoneRetention().toMillis(),
				properties.expiryBucket().toMillis());
	}

	@Override
	public String update(BindingId id, String platformId, String eventId, Update update) {
		CallControls controls = update.callControls();
		return (String) run(LeaseScript.UPDATE, id.shard(), id.value(), platformId, eventId,
				update.expiresAt() == null ? "" : Long.toString(update.expiresAt().toEpochMilli()),
				orEmpty(update.partyBIndex()), orEmpty(update.parties()), bucketMillis(),
				controls.maxDurationSeconds() == null ? "" : controls.maxDurationSeconds().toString(),
				orEmpty(controls.announcementId()), orEmpty(controls.ringbackToneId()),
				update.recording() == null ? "" : update.recording() ? "1" : "0")
			.get("r");
	}

	private static String orEmpty(@Nullable String value) {
		return value == null ? "" : value;
	}

	@Override
	public long activeBindings(String platformId) {
		return sumCounter("a:" + platformId);
	}

	long sumCounter(String field) {
		RBatch batch = redisson.createBatch();
		for (VirtualShard shard : VirtualShard.all()) {
			batch.<String, String>getMap(keys.counters(shard), StringCodec.INSTANCE).getAsync(field);
		}
		BatchResult<?> result = batch.execute();
		long sum = 0;
		for (Object each : result.getResponses()) {
			if (each != null) {
				sum += Long.parseLong((String) each);
			}
		}
		return sum;
	}

	@Override
	public SweepResult sweep(VirtualShard shard) {
		RLock lock = redisson.getLock(keys.sweepLock(shard));
		boolean locked;
		try {
			locked = lock.tryLock(0, 10, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return new SweepResult(false, 0, 0);
		}
		if (!locked) {
			return new SweepResult(false, 0, 0);
		}
		try {
			int expired = 0;
			int purged = 0;
			for (int round = 0; round < 100; round++) {
				Map<String, Object> answer = run(LeaseScript.SWEEP, shard, bucketMillis(),
						Integer.toString(properties.sweepBatch()),
						Long.toString(properties.tombstoneRetention().toMillis()));
				expired += ((Number) answer.get("expired")).intValue();
				purged += ((Number) answer.get("purged")).intValue();
				if (!Boolean.TRUE.equals(answer.get("more"))) {
					break;
				}
			}
			return new SweepResult(true, expired, purged);
		}
		finally {
			lock.unlock();
		}
	}

	@Override
	public long releaseAll(String platformId, String reason) {
		long released = 0;
		for (VirtualShard shard : VirtualShard.all()) {
			RMap<String, String> orders = redisson.getMap(keys.orders(shard, platformId), StringCodec.INSTANCE);
			List<String> ids = new ArrayList<>();
			for (Map.Entry<String, String> entry : orders.entrySet(500)) {
				ids.addAll(List.of(entry.getValue().split(",")));
			}
			for (String id : ids) {
				if ("OK".equals(release(RedisKeys.listedBinding(shard, id), platformId, reason))) {
					released++;
				}
			}
		}
		return released;
	}

	@Override
	public long backlog(VirtualShard shard, String group) {
		return ((Number) run(LeaseScript.BACKLOG, shard, group).get("backlog")).longValue();
	}

	private Map<String, Object> run(LeaseScript script, VirtualShard shard, Object... args) {
		return scripts.answer(script, keys.shardBase(shard), args);
	}

	private String bucketMillis() {
		return Long.toString(properties.expiryBucket().toMillis());
	}

}
