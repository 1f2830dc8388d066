package io.numshield.routing.system;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.numshield.core.crypto.PersonalDataProtector;
import io.numshield.core.number.ManagementNumber;
import io.numshield.core.number.RealNumber;
import io.numshield.core.redis.BindingId;
import io.numshield.core.redis.LeaseCall;
import io.numshield.core.redis.LeaseScript;
import io.numshield.core.redis.RedisKeys;
import io.numshield.core.token.TokenClaims;
import io.numshield.routing.event.CallEventService;
import io.numshield.routing.event.web.HotCallEventConfiguration;
import io.numshield.routing.route.RoutingService;
import io.numshield.routing.route.web.HotRouteConfiguration;
import io.numshield.routing.scope.CarrierScope;
import io.numshield.support.redis.LeaseScripts;
import io.numshield.support.warmup.WarmUpClient;
import io.numshield.support.warmup.WarmUpIdentity;
import io.numshield.support.warmup.WarmUpPlan;

import jakarta.servlet.Filter;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

import org.redisson.api.RedissonClient;
import org.redisson.client.codec.StringCodec;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.stereotype.Component;

import tools.jackson.databind.json.JsonMapper;

/**
 * call-routing-service's warm-up (ADR 0010): routes and call events of live AXB bindings
 * through twins of {@code HotRouteFilter} and the call-event filter, on the warm-up's
 * identity (a CARRIER of the synthetic pool), over twin services and a twin carrier scope
 * on the warm-up's key prefix. The bindings are leased there first with the lease script
 * itself (a synthetic platform and block, only under that prefix); the parties are
 * fixture numbers. No callback is queued: the synthetic platform has no callback target.
 * It lives in {@code system}, beside the wiring, because it warms both the route and the
 * call-event features: in either one it would make the two depend on each other.
 */
@Component
@ConditionalOnBooleanProperty("numshield.warmup.enabled")
@ConditionalOnBooleanProperty(name = "numshield.routing.hot-path.enabled", matchIfMissing = true)
class RoutingWarmUp implements WarmUpPlan {

	private static final ManagementNumber BLOCK = ManagementNumber.segment700("70099990000");

	private static final int BINDINGS = 64;

	private final JsonMapper json;

	private final CarrierScope scope;

	private final RoutingService routing;

	private final CallEventService events;

	private final RedissonClient redisson;

	private final LeaseScripts scripts;

	private final PersonalDataProtector protector;

	private final List<Leased> leased = new ArrayList<>();

	private String token;

	RoutingWarmUp(JsonMapper json, CarrierScope scope, RoutingService routing, CallEventService events,
			RedissonClient redisson, LeaseScripts scripts, PersonalDataProtector protector) {
		this.json = json;
		this.scope = scope;
		this.routing = routing;
		this.events = events;
		this.redisson = redisson;
		this.scripts = scripts;
		this.protector = protector;
	}

	@Override
	public List<Filter> prepare(RedisKeys keys, WarmUpIdentity identity) {
		String id = "warm-up-" + WarmUpIdentity.random(6);
		String shard = keys.shardBase(BLOCK.shard());
		scripts.run(LeaseScript.INIT_BLOCK, shard, BLOCK.digits(), id, Integer.toString(BLOCK.size()), "1000", "0");
		redisson.<String, String>getMap(keys.platforms(BLOCK.shard()), StringCodec.INSTANCE).fastPut(id, "ACTIVE");
		Instant consent = Instant.now().minusSeconds(60);
		for (int n = 0; n < BINDINGS; n++) {
			RealNumber a = RealNumber.parse(WarmUpPlan.fixture(2 * n));
			RealNumber b = RealNumber.parse(WarmUpPlan.fixture(2 * n + 1));
			String bindingId = BindingId.random(BLOCK.shard()).value();
			LeaseCall.Reply reply = scripts.call(new LeaseCall(bindingId, id, "W" + n, "AXB", BLOCK.digits(), -1,
					protector.blindIndex(a), protector.blindIndex(b), protector.encryptParties(List.of(a, b)), "BOTH",
					false, 600_000L, null, 0, "warm-up", consent, 5_000L), shard);
			if (!reply.leased()) {
				throw new IllegalStateException("the warm-up's lease was refused: " + reply.result());
			}
			leased.add(new Leased(bindingId, WarmUpPlan.fixture(2 * n), reply.virtualNumber()));
		}
		token = identity.token(TokenClaims.carrier("warm-up-" + WarmUpIdentity.random(6), List.of(id)));
		SimpleMeterRegistry meters = new SimpleMeterRegistry();
		CarrierScope twinScope = scope.twin(redisson, keys);
		return List.of(
				HotRouteConfiguration.filter(identity.decoder(), json, twinScope,
						routing.twin(keys, meters, twinScope)),
				HotCallEventConfiguration.filter(identity.decoder(), json, twinScope, events.twin(keys, meters)));
	}

	@Override
	public void round(WarmUpClient client, long round) throws Exception {
		Leased binding = leased.get((int) (round % leased.size()));
		String routed = client.send("POST", "/v1/call-routes", token, "{\"callId\":\"warm-" + round + "\",\"caller\":\""
				+ binding.partyA() + "\",\"called\":\"" + binding.virtualNumber() + "\",\"type\":\"VOICE\"}", 200);
		if (!routed.contains("\"action\":\"CONNECT\"")) {
			throw new IllegalStateException("a warm-up route was not connected"); // the
																					// path
																					// a
																					// real
																					// call
																					// takes
		}
		client.send("POST", "/v1/call-events", token,
				"{\"callId\":\"warm-" + round + "\",\"bindingId\":\"" + binding.bindingId() + "\",\"caller\":\""
						+ binding.partyA() + "\",\"called\":\"" + binding.virtualNumber()
						+ "\",\"event\":\"ANSWERED\",\"occurredAt\":\"" + Instant.now().truncatedTo(ChronoUnit.MILLIS)
						+ "\"}",
				202);
	}

	@Override
	public void finish() {
		leased.clear();
	}

	private record Leased(String bindingId, String partyA, String virtualNumber) {
	}

}
