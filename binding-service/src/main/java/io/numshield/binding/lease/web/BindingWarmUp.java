package io.numshield.binding.lease.web;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.numshield.binding.lease.BindingService;
import io.numshield.binding.lease.IdempotentCreates;
import io.numshield.binding.lease.redis.WarmUpStores;
import io.numshield.binding.platform.PlatformService;
import io.numshield.binding.platform.PlatformSettings;
import io.numshield.binding.pool.NumberKind;
import io.numshield.binding.pool.PoolService;
import io.numshield.binding.pool.PoolSettings;
import io.numshield.core.number.ManagementNumber;
import io.numshield.core.redis.RedisKeys;
import io.numshield.core.token.TokenClaims;
import io.numshield.support.warmup.WarmUpClient;
import io.numshield.support.warmup.WarmUpIdentity;
import io.numshield.support.warmup.WarmUpPlan;

import jakarta.servlet.Filter;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.stereotype.Component;

import tools.jackson.databind.json.JsonMapper;

/**
 * binding-service's warm-up (ADR 0010): AXB binds, their reads and their releases,
 * through a twin of {@link HotBindingFilter} on the warm-up's identity, a twin
 * {@link BindingService} whose stores are under the warm-up's key prefix (its leases
 * counted in a registry of their own, not in {@code binding.lease}), and a synthetic
 * platform and pool with random ids that exist in the settings caches and under that
 * prefix only: nothing in PostgreSQL, nothing on the real prefix. The parties are fixture
 * numbers.
 */
@Component
@ConditionalOnBooleanProperty("numshield.warmup.enabled")
@ConditionalOnBooleanProperty(name = "numshield.binding.hot-path.enabled", matchIfMissing = true)
class BindingWarmUp implements WarmUpPlan {

	/** A block under the warm-up's prefix only, so any 700 block serves. */
	private static final ManagementNumber BLOCK = ManagementNumber.segment700("70099990000");

	private static final Pattern BINDING_ID = Pattern.compile("\"bindingId\":\"([0-9A-Z]+)\"");

	private final JsonMapper json;

	private final BindingService bindings;

	private final IdempotentCreates creates;

	private final PlatformService platforms;

	private final PoolService pools;

	private final WarmUpStores stores;

	private final String id = "warm-up-" + WarmUpIdentity.random(6);

	private String token;

	BindingWarmUp(JsonMapper json, BindingService bindings, IdempotentCreates creates, PlatformService platforms,
			PoolService pools, WarmUpStores stores) {
		this.json = json;
		this.bindings = bindings;
		this.creates = creates;
		this.platforms = platforms;
		this.pools = pools;
		this.stores = stores;
	}

	@Override
	public List<Filter> prepare(RedisKeys keys, WarmUpIdentity identity) {
		WarmUpStores.Prepared prepared = stores.prepare(keys, id, id, BLOCK, 1_000);
		Duration ttl = Duration.ofHours(1);
		pools.cacheSynthetic(new PoolSettings(id, NumberKind.SEGMENT_700, 1_000, 0, List.of(BLOCK), 4, 1_000), ttl);
		platforms.cacheSynthetic(new PlatformSettings(id, List.of(id), 1_000_000L), ttl);
		BindingService twin = bindings.twin(prepared.leases(), new SimpleMeterRegistry());
		token = identity.token(TokenClaims.platform("warm-up", id));
		return List.of(HotBindingConfiguration.filter(identity.decoder(), json,
				creates.twin(twin, prepared.idempotency()), twin));
	}

	@Override
	public void round(WarmUpClient client, long round) throws Exception {
		String body = "{\"mode\":\"AXB\",\"orderId\":\"W" + round + "\",\"partyA\":\"" + WarmUpPlan.fixture(2 * round)
				+ "\",\"partyB\":\"" + WarmUpPlan.fixture(2 * round + 1)
				+ "\",\"ttlSeconds\":600,\"consent\":{\"reference\":\"warm-up\"," + "\"grantedAt\":\""
				+ Instant.now().minusSeconds(60).truncatedTo(ChronoUnit.SECONDS) + "\"}}";
		Matcher created = BINDING_ID.matcher(client.send("POST", HotBindingFilter.PATH, token, body, 201));
		if (!created.find()) {
			throw new IllegalStateException("a warm-up bind answered no bindingId");
		}
		String one = HotBindingFilter.PATH + "/" + created.group(1);
		client.send("GET", one, token, null, 200);
		client.send("DELETE", one, token, null, 204);
	}

	@Override
	public void finish() {
		platforms.forgetSynthetic(id);
		pools.forgetSynthetic(id);
	}

}
