package io.numshield.routing.route;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.numshield.core.crypto.PersonalDataProtector;
import io.numshield.core.number.RealNumber;
import io.numshield.core.number.VirtualNumber;
import io.numshield.core.redis.LeaseScript;
import io.numshield.core.redis.RedisKeys;
import io.numshield.support.redis.LeaseScripts;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.springframework.stereotype.Service;

/**
 * Decides where a call goes. One script on the dialed number's shard checks every rule (blocked
 * caller, call rate, party, direction, AXN call-back, platform status, expiry) and appends the
 * CALL_ROUTED event; the callee's real number is decrypted here, and only for a CONNECT.
 */
@Service
public class RoutingService {

	private final LeaseScripts scripts;

	private final RedisKeys keys;

	private final PersonalDataProtector protector;

	private final RoutingProperties properties;

	private final MeterRegistry meters;

	RoutingService(LeaseScripts scripts, RedisKeys keys, PersonalDataProtector protector, RoutingProperties properties,
			MeterRegistry meters) {
		this.scripts = scripts;
		this.keys = keys;
		this.protector = protector;
		this.properties = properties;
		this.meters = meters;
	}

	public RouteAnswer route(RouteRequest request) {
		Timer.Sample sample = Timer.start(meters);
		VirtualNumber called = VirtualNumber.parse(request.called());
		RealNumber caller = RealNumber.parse(request.caller());
		Map<String, Object> decision = scripts.answer(LeaseScript.ROUTE, keys.shardBase(called.shard()), called.digits(),
				request.callId(), protector.blindIndex(caller), protector.encryptParties(List.of(caller)),
				request.type().name(), Integer.toString(properties.callRateLimit()),
				Long.toString(properties.callRateWindow().toMillis()), Long.toString(properties.callbackWindow().toMillis()),
				Long.toString(properties.expiredAnswerWindow().toMillis()), "routed:" + request.callId() + ":" + UUID.randomUUID(),
				Long.toString(properties.callStreamLimit()));
		if (Boolean.TRUE.equals(decision.get("backlog"))) {
			meters.counter("routing.call.backlog", "path", "route").increment();
			throw RoutingProperties.callBacklog();
		}
		RouteAnswer result;
		if ("CONNECT".equals(decision.get("action"))) {
			List<RealNumber> parties = protector.decryptParties((String) decision.get("calleeCiphertext"));
			RealNumber callee = parties.get(((Number) decision.get("calleePosition")).intValue() - 1);
			result = RouteAnswer.connect(request.callId(), (String) decision.get("bindingId"), callee.e164(),
					called.digits(), Boolean.TRUE.equals(decision.get("record")));
		}
		else {
			result = RouteAnswer.reject(request.callId(), (String) decision.get("reason"));
		}
		sample.stop(meters.timer("routing.decision", "action", result.action(), "reason",
				result.reason() == null ? "none" : result.reason(), "type", request.type().name()));
		return result;
	}
}
