package io.numshield.binding;

import static org.assertj.core.api.Assertions.assertThat;

import io.numshield.core.number.VirtualNumber;
import io.numshield.core.number.VirtualShard;
import io.numshield.core.token.Role;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.redisson.api.RMap;
import org.redisson.client.codec.StringCodec;

import tools.jackson.databind.JsonNode;

/**
 * {@code GET /v1/inventory} (ADR 0025): per pool of the platform, in its order, the
 * pool's numbers, the numbers free now (neither leased nor cooling down, whoever holds
 * them) and the platform's own active bindings; and its quota. Two platforms share a
 * pool: each sees its own bindings only.
 */
class InventoryIT extends BindingServiceITSupport {

	@Test
	void countsFreeNumbersAndEachPlatformsOwnBindingsInASharedPool() {
		String[] shared = segmentPool(null, 60L);
		String[] other = segmentPool(null, null);
		String first = platform(List.of(other[0], shared[0]), 10L);
		String second = platform(List.of(shared[0]), null);
		String firstToken = platformToken(first);
		String secondToken = platformToken(second);

		String released = null;
		for (int i = 0; i < 3; i++) {
			Map<String, Object> request = axb("ORD-INV-" + i, mobile(), mobile());
			request.put("poolId", shared[0]);
			Response bound = expect(call("POST", "/v1/bindings", firstToken, request), 201);
			released = bound.text("bindingId");
		}
		Map<String, Object> axn = axn("ORD-INV-N", mobile());
		axn.put("poolId", shared[0]);
		String axnId = expect(call("POST", "/v1/bindings", firstToken, axn), 201).text("bindingId");
		for (int i = 0; i < 2; i++) {
			expect(call("POST", "/v1/bindings", secondToken, axb("ORD-INV-2-" + i, mobile(), mobile())), 201);
		}
		expect(call("DELETE", "/v1/bindings/" + released, firstToken, null), 204);
		// the AXN number cools down for 60 s: still not free
		expect(call("DELETE", "/v1/bindings/" + axnId, firstToken, null), 204);

		JsonNode mine = expect(call("GET", "/v1/inventory", firstToken, null), 200).json();
		assertThat(mine.get("platformId").asString()).isEqualTo(first);
		assertThat(mine.get("pools")).hasSize(2);
		JsonNode empty = mine.get("pools").get(0);
		assertThat(empty.get("poolId").asString()).isEqualTo(other[0]);
		assertThat(empty.get("numbers").asLong()).isEqualTo(10_000);
		assertThat(empty.get("freeNumbers").asLong()).isEqualTo(10_000);
		assertThat(empty.get("activeBindings").asLong()).isZero();
		JsonNode pool = mine.get("pools").get(1);
		assertThat(pool.get("poolId").asString()).isEqualTo(shared[0]);
		assertThat(pool.get("numbers").asLong()).isEqualTo(10_000);
		// 2 + 2 pairs alone on their numbers, 1 number cooling down
		assertThat(pool.get("freeNumbers").asLong()).isEqualTo(10_000 - 5);
		assertThat(pool.get("activeBindings").asLong()).isEqualTo(2);
		assertThat(mine.get("quota").get("maxActiveBindings").asLong()).isEqualTo(10);
		assertThat(mine.get("quota").get("activeBindings").asLong()).isEqualTo(2);
		assertThat(mine.get("quota").get("left").asLong()).isEqualTo(8);

		JsonNode theirs = expect(call("GET", "/v1/inventory", secondToken, null), 200).json();
		assertThat(theirs.get("pools")).hasSize(1);
		assertThat(theirs.get("pools").get(0).get("freeNumbers").asLong()).isEqualTo(10_000 - 5);
		assertThat(theirs.get("pools").get(0).get("activeBindings").asLong()).isEqualTo(2);
		assertThat(theirs.get("quota").get("activeBindings").asLong()).isEqualTo(2);
		assertThat(theirs.get("quota").get("maxActiveBindings").isNull()).isTrue();
		assertThat(theirs.get("quota").get("left").isNull()).isTrue();
		assertThat(theirs.toString()).doesNotContain(first).doesNotContain(other[0]);
	}

	/**
	 * A binding leased before the shard counted {@code pa:} (its {@code createdAt} before
	 * {@code cfg} {@code pa-since}) is not taken off at its end: the count never goes
	 * below what was counted.
	 */
	@Test
	void aBindingFromBeforeTheCounterIsNotTakenOffAtItsEnd() {
		List<String> pool = legacyPool(2, 1, 0);
		String platformId = platform(List.of(pool.get(0)), null);
		String token = platformToken(platformId);
		Response old = expect(call("POST", "/v1/bindings", token, axb("ORD-OLD", mobile(), mobile())), 201);
		VirtualShard shard = new VirtualNumber(old.text("virtualNumber")).shard();
		String field = "pa:" + pool.get(0) + ":" + platformId;
		RMap<String, String> counters = redisson.getMap(keys.counters(shard), StringCodec.INSTANCE);
		RMap<String, String> cfg = redisson.getMap(keys.shardBase(shard) + "cfg", StringCodec.INSTANCE);
		String since = cfg.get("pa-since");
		try {
			// as if the binding had been leased by the version before the counter
			counters.put(field, Long.toString(Long.parseLong(counters.get(field)) - 1));
			cfg.put("pa-since", Long.toString(Instant.parse(old.text("createdAt")).toEpochMilli() + 1));
			expect(call("DELETE", "/v1/bindings/" + old.text("bindingId"), token, null), 204);
			assertThat(counters.get(field)).isEqualTo("0");
		}
		finally {
			cfg.put("pa-since", since);
		}
		expect(call("POST", "/v1/bindings", token, axb("ORD-NEW", mobile(), mobile())), 201);
		assertThat(expect(call("GET", "/v1/inventory", token, null), 200).json()
			.get("pools")
			.get(0)
			.get("activeBindings")
			.asLong()).isEqualTo(1);
	}

	@Test
	void isThePlatformsOwnAndForPlatformsOnly() {
		String[] pool = segmentPool(null, null);
		String platformId = platform(List.of(pool[0]), null);
		assertThat(call("GET", "/v1/inventory", operator(), null).status()).isEqualTo(403);
		assertThat(call("GET", "/v1/inventory", token(Role.REGULATOR, null), null).status()).isEqualTo(403);
		// a PLATFORM key whose platform does not exist (any more)
		Response unknown = call("GET", "/v1/inventory", platformToken(uniqueId("ghost")), null);
		assertThat(unknown.status()).isEqualTo(404);
		assertThat(unknown.code()).isEqualTo("PLATFORM_NOT_FOUND");
		assertThat(expect(call("GET", "/v1/inventory", platformToken(platformId), null), 200).text("platformId"))
			.isEqualTo(platformId);
	}

}
