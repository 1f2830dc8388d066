package io.numshield.binding;

import io.numshield.core.callback.PlatformCallbacks;
import io.numshield.core.number.VirtualShard;
import io.numshield.core.redis.BindingId;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.redisson.client.codec.StringCodec;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a platform that is not ACTIVE may still do with its bindings, and that the shard
 * mirror of the platform's status (lib.lua {@code platform_refusal}) is what decides, for
 * leases and changes alike.
 */
class PlatformStatusIT extends BindingServiceITSupport {

	@Test
	void aSuspendedPlatformCannotExtendOrChangeItsBindingsButMayReleaseThem() {
		String[] pool = segmentPool(null, null);
		String platformId = platform(List.of(pool[0]), null);
		String token = platformToken(platformId);
		String b = mobile();
		Response kept = expect(call("POST", "/v1/bindings", token, axb("ORD-PS1", mobile(), b)), 201);
		Response ended = expect(call("POST", "/v1/bindings", token, axb("ORD-PS2", mobile(), mobile())), 201);
		String id = kept.text("bindingId");

		expect(call("POST", "/v1/platforms/" + platformId + "/suspend", operator(), Map.of("reason", "audit")), 200);
		Response extend = call("PATCH", "/v1/bindings/" + id, token, Map.of("ttlSeconds", 7200));
		assertThat(extend.status()).isEqualTo(403);
		assertThat(extend.code()).isEqualTo("PLATFORM_SUSPENDED");
		Response newB = call("PATCH", "/v1/bindings/" + id, token, Map.of("partyB", mobile()));
		assertThat(newB.status()).isEqualTo(403);
		assertThat(newB.code()).isEqualTo("PLATFORM_SUSPENDED");
		Response unchanged = expect(call("GET", "/v1/bindings/" + id, token, null), 200);
		assertThat(unchanged.text("expiresAt")).isEqualTo(kept.text("expiresAt"));
		assertThat(unchanged.text("partyB")).isEqualTo(kept.text("partyB"));
		assertThat(eventsOf(id)).extracting(e -> e.get("type")).containsExactly("BINDING_CREATED");

		// releasing only lowers what a suspended platform holds: allowed
		expect(call("DELETE", "/v1/bindings/" + ended.text("bindingId"), token, null), 204);
		assertThat(call("GET", "/v1/bindings/" + ended.text("bindingId"), token, null).text("status"))
			.isEqualTo("RELEASED");

		expect(call("POST", "/v1/platforms/" + platformId + "/resume", operator(), null), 200);
		expect(call("PATCH", "/v1/bindings/" + id, token, Map.of("ttlSeconds", 7200)), 200);
	}

	@Test
	void theListsShowEveryPoolWithItsUseAndEveryPlatformWithItsStatusAndQuotaUse() {
		String[] pool = segmentPool(null, null);
		String platformId = platform(List.of(pool[0]), 10L);
		String token = platformToken(platformId);
		expect(call("POST", "/v1/bindings", token, axb("ORD-PL1", mobile(), mobile())), 201);
		expect(call("POST", "/v1/platforms/" + platformId + "/suspend", operator(), Map.of("reason", "audit")), 200);

		Response pools = expect(call("GET", "/v1/pools", operator(), null), 200);
		assertThat(List.copyOf(pools.json().get("pools").values()))
			.filteredOn(p -> p.get("poolId").asString().equals(pool[0]))
			.singleElement()
			.satisfies(p -> {
				assertThat(p.get("numbers").asLong()).isEqualTo(10_000);
				assertThat(p.get("numbersInUse").asLong()).isEqualTo(1);
				assertThat(p.get("utilization").asDouble()).isEqualTo(0.0001);
			});
		Response platforms = expect(call("GET", "/v1/platforms", operator(), null), 200);
		assertThat(List.copyOf(platforms.json().get("platforms").values()))
			.filteredOn(p -> p.get("platformId").asString().equals(platformId))
			.singleElement()
			.satisfies(p -> {
				assertThat(p.get("status").asString()).isEqualTo("SUSPENDED");
				assertThat(p.get("statusReason").asString()).isEqualTo("audit");
				assertThat(p.get("maxActiveBindings").asLong()).isEqualTo(10);
				assertThat(p.get("activeBindings").asLong()).isEqualTo(1);
				assertThat(p.has("callbackSecret")).isFalse();
			});
		assertThat(call("GET", "/v1/platforms", token, null).status()).isEqualTo(403);
	}

	@Test
	void aRevokedPlatformCannotChangeABindingEither() {
		String[] pool = segmentPool(null, null);
		String platformId = platform(List.of(pool[0]), null);
		String token = platformToken(platformId);
		String id = expect(call("POST", "/v1/bindings", token, axb("ORD-PR1", mobile(), mobile())), 201)
			.text("bindingId");

		expect(call("POST", "/v1/platforms/" + platformId + "/revoke", operator(), Map.of("reason", "fraud")), 200);
		Response extend = call("PATCH", "/v1/bindings/" + id, token, Map.of("ttlSeconds", 7200));
		assertThat(extend.status()).isEqualTo(403);
		assertThat(extend.code()).isEqualTo("PLATFORM_SUSPENDED");
		// its bindings were released by the revocation; releasing again is the usual 204
		expect(call("DELETE", "/v1/bindings/" + id, token, null), 204);
	}

	@Test
	void aChangeOnAShardThatLostThePlatformsStatusMirrorsItFirst() {
		String[] pool = segmentPool(null, null);
		String platformId = platform(List.of(pool[0]), null);
		String token = platformToken(platformId);
		String id = expect(call("POST", "/v1/bindings", token, axb("ORD-PU1", mobile(), mobile())), 201)
			.text("bindingId");
		VirtualShard shard = new BindingId(id).shard();

		forgetStatus(shard, platformId);
		expect(call("PATCH", "/v1/bindings/" + id, token, Map.of("ttlSeconds", 3600)), 200);
		assertThat(mirroredStatus(shard, platformId)).isEqualTo("ACTIVE");

		expect(call("POST", "/v1/platforms/" + platformId + "/suspend", operator(), Map.of("reason", "audit")), 200);
		forgetStatus(shard, platformId);
		Response refused = call("PATCH", "/v1/bindings/" + id, token, Map.of("ttlSeconds", 7200));
		assertThat(refused.status()).isEqualTo(403);
		assertThat(refused.code()).isEqualTo("PLATFORM_SUSPENDED");
		assertThat(mirroredStatus(shard, platformId)).isEqualTo("SUSPENDED");
	}

	@Test
	void theShardMirrorDecidesALeaseNotThisInstancesCachedSettings() {
		String[] pool = segmentPool(null, null);
		String platformId = platform(List.of(pool[0]), null);
		String token = platformToken(platformId);
		expect(call("POST", "/v1/platforms/" + platformId + "/suspend", operator(), Map.of("reason", "audit")), 200);
		// this refusal loads the platform's settings (SUSPENDED) into this instance's
		// cache
		assertThat(call("POST", "/v1/bindings", token, axb("ORD-PM1", mobile(), mobile())).code())
			.isEqualTo("PLATFORM_SUSPENDED");

		// another instance resumes the platform: its status reaches every shard's mirror,
		// not this cache
		for (VirtualShard shard : VirtualShard.all()) {
			redisson.<String, String>getMap(keys.platforms(shard), StringCodec.INSTANCE).put(platformId, "ACTIVE");
		}
		expect(call("POST", "/v1/bindings", token, axb("ORD-PM2", mobile(), mobile())), 201);
	}

	private void forgetStatus(VirtualShard shard, String platformId) {
		redisson.<String, String>getMap(keys.platforms(shard), StringCodec.INSTANCE).remove(platformId);
	}

	private String mirroredStatus(VirtualShard shard, String platformId) {
		String entry = redisson.<String, String>getMap(keys.platforms(shard), StringCodec.INSTANCE).get(platformId);
		return entry == null ? null : PlatformCallbacks.status(entry);
	}

}
