package io.numshield.binding.lease;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.numshield.binding.BindingServiceITSupport;
import io.numshield.core.number.VirtualNumber;
import io.numshield.core.number.VirtualShard;
import io.numshield.core.redis.BindingId;
import io.numshield.core.redis.BindingRecord;
import io.numshield.core.redis.RedisKeys;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.redisson.api.RLock;
import org.redisson.client.codec.StringCodec;

/**
 * Expiry: the sweep ends due bindings with one BINDING_EXPIRED each and gives their
 * numbers back; before the sweep, an expired binding already reads as expired. (Tests run
 * with min-ttl 1 s, expiry buckets of 1 s, a sweep every 200 ms and tombstones kept 8 s.)
 */
class ExpiryIT extends BindingServiceITSupport {

	@Test
	void sweepsAnExpiredBindingOnceAndFreesItsPlace() {
		List<String> pool = legacyPool(1, 1, 0);
		String platformId = platform(List.of(pool.get(0)), null);
		String token = platformToken(platformId);
		String a = mobile();
		Map<String, Object> request = axb("ORD-E", a, mobile());
		// 3 s: the GET below reads ACTIVE only before expiresAt, also on a loaded machine
		request.put("ttlSeconds", 3);
		Response created = expect(call("POST", "/v1/bindings", token, request), 201);
		String id = created.text("bindingId");
		assertThat(call("GET", "/v1/bindings/" + id, token, null).text("status")).isEqualTo("ACTIVE");

		await().atMost(Duration.ofSeconds(15))
			.pollInterval(Duration.ofMillis(200))
			.until(() -> eventsOf(id).stream().anyMatch(e -> "BINDING_EXPIRED".equals(e.get("type"))));

		assertThat(eventsOf(id)).extracting(e -> e.get("type")).containsExactly("BINDING_CREATED", "BINDING_EXPIRED");
		Map<String, String> expired = eventsOf(id).get(1);
		assertThat(expired).containsEntry("reason", "EXPIRED").containsEntry("releasedAt", expired.get("expiresAt"));
		assertThat(call("GET", "/v1/bindings/" + id, token, null).text("status")).isEqualTo("EXPIRED");
		assertThat(call("GET", "/v1/pools/" + pool.get(0), operator(), null).json().get("activeBindings").asLong())
			.isZero();

		Map<String, Object> again = axb("ORD-E2", a, mobile());
		again.put("virtualNumber", pool.get(1));
		expect(call("POST", "/v1/bindings", token, again), 201);
	}

	@Test
	void forgetsAFinishedBindingAfterItsTombstoneTime() {
		String[] pool = segmentPool(null, null);
		String platformId = platform(List.of(pool[0]), null);
		String token = platformToken(platformId);
		Response created = expect(call("POST", "/v1/bindings", token, axb("ORD-G", mobile(), mobile())), 201);
		String id = created.text("bindingId");
		expect(call("DELETE", "/v1/bindings/" + id, token, null), 204);
		VirtualNumber x = new VirtualNumber(created.text("virtualNumber"));
		assertThat(redisson.getMap(keys.routes(x), StringCodec.INSTANCE).size()).isEqualTo(2);

		await().atMost(Duration.ofSeconds(30))
			.pollInterval(Duration.ofMillis(200))
			.until(() -> call("GET", "/v1/bindings/" + id, token, null).status() == 404);
		assertThat(redisson.getMap(keys.routes(x), StringCodec.INSTANCE).size()).isZero();
		assertThat(redisson.getMap(keys.bindings(new BindingId(id).shard()), StringCodec.INSTANCE)
			.containsKey(RedisKeys.bindingField(new BindingId(id)))).isFalse();
	}

	@Test
	void anExtendedBindingOutlivesItsFirstExpiry() throws Exception {
		String[] pool = segmentPool(null, null);
		String platformId = platform(List.of(pool[0]), null);
		String token = platformToken(platformId);
		Map<String, Object> request = axb("ORD-X", mobile(), mobile());
		// 3 s: the PATCH must come before the first expiry, also on a loaded machine
		request.put("ttlSeconds", 3);
		Response created = expect(call("POST", "/v1/bindings", token, request), 201);
		String id = created.text("bindingId");
		expect(call("PATCH", "/v1/bindings/" + id, token, Map.of("ttlSeconds", 60)), 200);

		// past the first expiry and the sweep of its bucket (1 s buckets, a sweep every
		// 200 ms)
		Thread.sleep(Duration.between(Instant.now(), Instant.parse(created.text("expiresAt"))).toMillis() + 2_000);

		assertThat(call("GET", "/v1/bindings/" + id, token, null).text("status")).isEqualTo("ACTIVE");
		assertThat(eventsOf(id)).extracting(e -> e.get("type")).containsExactly("BINDING_CREATED", "BINDING_UPDATED");
	}

	@Test
	void readsAsExpiredBeforeTheSweepGetsToIt() throws Exception {
		String[] pool = segmentPool(null, null);
		String platformId = platform(List.of(pool[0]), null);
		String token = platformToken(platformId);
		// every test context of this JVM (the cache keeps them) runs a sweeper on
		// the same Redis, so stopping this context's one is not enough: hold every
		// shard's sweep lock, which each of them tries first
		List<RLock> locks = holdSweepLocks();
		try {
			Map<String, Object> request = axb("ORD-W", mobile(), mobile());
			request.put("ttlSeconds", 1);
			Response created = expect(call("POST", "/v1/bindings", token, request), 201);
			String id = created.text("bindingId");
			Thread.sleep(Duration.between(Instant.now(), Instant.parse(created.text("expiresAt"))).toMillis() + 200);

			String stored = (String) redisson.getMap(keys.bindings(new BindingId(id).shard()), StringCodec.INSTANCE)
				.get(RedisKeys.bindingField(new BindingId(id)));
			assertThat(BindingRecord.parse(stored).status()).as("not swept yet").isEqualTo(BindingRecord.Status.ACTIVE);
			assertThat(call("GET", "/v1/bindings/" + id, token, null).text("status")).isEqualTo("EXPIRED");
			assertThat(call("PATCH", "/v1/bindings/" + id, token, Map.of("ttlSeconds", 60)).code())
				.isEqualTo("BINDING_NOT_FOUND");

			// a release that comes after the expiry records what happened: an expiry,
			// once
			expect(call("DELETE", "/v1/bindings/" + id, token, null), 204);
			assertThat(eventsOf(id)).extracting(e -> e.get("type"))
				.containsExactly("BINDING_CREATED", "BINDING_EXPIRED");
		}
		finally {
			locks.forEach(RLock::unlock);
		}
	}

	private List<RLock> holdSweepLocks() throws InterruptedException {
		List<RLock> locks = new ArrayList<>();
		for (VirtualShard shard : VirtualShard.all()) {
			RLock lock = redisson.getLock(keys.sweepLock(shard));
			assertThat(lock.tryLock(15, 60, TimeUnit.SECONDS)).as("sweep lock of shard %s", shard.tag()).isTrue();
			locks.add(lock);
		}
		return locks;
	}

}
