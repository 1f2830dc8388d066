package io.numshield.routing.route;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.numshield.core.crypto.PersonalDataProtector;
import io.numshield.core.number.DialedNumber;
import io.numshield.core.number.RealNumber;
import io.numshield.core.number.VirtualNumber;
import io.numshield.core.redis.CallControls;
import io.numshield.core.redis.RedisKeys;
import io.numshield.core.redis.RouteCall;
import io.numshield.routing.scope.CarrierScope;
import io.numshield.support.redis.LeaseScripts;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.stereotype.Service;

/**
 * Decides where a call goes. One script on the dialed number's shard checks every rule
 * (blocked caller, call rate, party, direction, AXN call-back, platform status, expiry)
 * and appends the CALL_ROUTED event; the callee's real number is decrypted here, and only
 * for a CONNECT.
 */
@Service
public class RoutingService {

	private final LeaseScripts scripts;

	private final RedisKeys keys;

	private final PersonalDataProtector protector;

	private final RoutingProperties properties;

	private final MeterRegistry meters;

	private final Counter backlog;

	/**
	 * Timers by "action|reason|type": a few dozen combinations, looked up rather than
	 * built per answer.
	 */
	private final Map<String, Timer> decisionTimers = new ConcurrentHashMap<>();

	private final CarrierScope scope;

	RoutingService(LeaseScripts scripts, RedisKeys keys, PersonalDataProtector protector, RoutingProperties properties,
			MeterRegistry meters, CarrierScope scope) {
		this.scope = scope;
		this.scripts = scripts;
		this.keys = keys;
		this.protector = protector;
		this.properties = properties;
		this.meters = meters;
		this.backlog = meters.counter("routing.call.backlog", "path", "route");
		// the bound itself, so that the backlog alerts follow a changed setting
		Gauge.builder("routing.call.stream.limit", properties, RoutingProperties::callStreamLimit)
			.description("entries a shard's call stream may hold before routes and call events are refused")
			.register(meters);
	}

	/**
	 * The same service on another key prefix, counting in another registry: the warm-up's
	 * (ADR 0010).
	 */
	public RoutingService twin(RedisKeys otherKeys, MeterRegistry otherMeters, CarrierScope otherScope) {
		return new RoutingService(scripts, otherKeys, protector, properties, otherMeters, otherScope);
	}

	/** Decides, waiting for Redis (the MVC path). */
	public RouteAnswer route(RouteRequest request) {
		Question question = question(request);
		return decide(question, scripts.call(question.call(), question.shardBase()));
	}

	/**
	 * Decides without holding the calling thread while Redis works (the hot path): the
	 * numbers are parsed here, so a malformed one throws at once; the answer, or the 503
	 * AUDIT_BACKLOG {@link io.numshield.support.web.ApiException}, completes the stage on
	 * an I/O thread of the scripts' connection (LeaseScripts).
	 */
	public CompletionStage<RouteAnswer> routeAsync(RouteRequest request) {
		Question question = question(request);
		return scripts.callAsync(question.call(), question.shardBase())
			.thenApply(decision -> decide(question, decision));
	}

	private Question question(RouteRequest request) {
		Timer.Sample sample = Timer.start(meters);
		DialedNumber dialed = request.dialed();
		VirtualNumber called = dialed.number();
		RealNumber caller = RealNumber.parse(request.caller());
		RouteCall call = new RouteCall(called.digits(), request.callId(), protector.blindIndex(caller),
				protector.encryptParties(List.of(caller)), request.type().name(), properties.callRateLimit(),
				properties.callRateWindow().toMillis(), properties.callbackWindow().toMillis(),
				properties.expiredAnswerWindow().toMillis(), "routed:" + request.callId() + ":" + UUID.randomUUID(),
				properties.callStreamLimit(), caller.masked(), dialed.extensionOrEmpty());
		return new Question(request, called, keys.shardBase(called.shard()), call, sample);
	}

	private RouteAnswer decide(Question question, RouteCall.Decision decision) {
		RouteRequest request = question.request();
		if (decision.backlog()) {
			backlog.increment();
			throw RoutingProperties.callBacklog();
		}
		RouteAnswer result;
		if (decision.connect()) {
			List<RealNumber> parties = protector.decryptParties(decision.calleeCiphertext());
			RealNumber callee = parties.get(decision.calleePosition() - 1);
			// the binding's own call controls, else its pool's (cached with the block:
			// no Redis read of its own)
			CallControls controls = CallControls.parse(decision.callControls())
				.orElse(scope.callControls(question.called()));
			result = RouteAnswer.connect(request.callId(), decision.bindingId(), callee.e164(),
					question.called().digits(), decision.record(), controls);
		}
		else {
			result = RouteAnswer.reject(request.callId(), decision.reason());
		}
		question.sample()
			.stop(decisionTimer(result.action(), result.reason() == null ? "none" : result.reason(),
					request.type().name()));
		return result;
	}

	/**
	 * The {@code routing.decision} timer of one tag combination, registered on its first
	 * use only.
	 */
	private Timer decisionTimer(String action, String reason, String type) {
		return decisionTimers.computeIfAbsent(action + '|' + reason + '|' + type,
				k -> meters.timer("routing.decision", "action", action, "reason", reason, "type", type));
	}

	/** What the script is asked, and when the asking began. */
	private record Question(RouteRequest request, VirtualNumber called, String shardBase, RouteCall call,
			Timer.Sample sample) {
	}

}
