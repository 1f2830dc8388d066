package io.numshield.routing.event;

import io.micrometer.core.instrument.MeterRegistry;
import io.numshield.core.crypto.PersonalDataProtector;
import io.numshield.core.number.RealNumber;
import io.numshield.core.number.VirtualNumber;
import io.numshield.core.redis.LeaseScript;
import io.numshield.core.redis.RedisKeys;
import io.numshield.routing.route.RoutingProperties;
import io.numshield.support.redis.LeaseScripts;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import org.springframework.stereotype.Service;

import tools.jackson.databind.ObjectMapper;

/**
 * Records a call event (CALL_EVENT in the called number's call stream) and, when the call belongs to a
 * binding, queues its delivery to the platform in the same atomic step; the delivery itself runs
 * apart ({@code CallbackDeliverer}), so a platform that is down never slows this path.
 */
@Service
public class CallEventService {

	private final LeaseScripts scripts;

	private final RedisKeys keys;

	private final PersonalDataProtector protector;

	private final ObjectMapper json;

	private final MeterRegistry meters;

	private final RoutingProperties properties;

	CallEventService(LeaseScripts scripts, RedisKeys keys, PersonalDataProtector protector, ObjectMapper json,
			MeterRegistry meters, RoutingProperties properties) {
		this.properties = properties;
		this.scripts = scripts;
		this.keys = keys;
		this.protector = protector;
		this.json = json;
		this.meters = meters;
	}

	/** Answers the eventId under which the event was recorded (and will be delivered). */
	public Recorded record(CallEventRequest request) {
		VirtualNumber called = VirtualNumber.parse(request.called());
		RealNumber caller = RealNumber.parse(request.caller());
		Map<String, Object> details = new LinkedHashMap<>();
		details.put("event", request.event().name());
		details.put("occurredAt", request.occurredAt().toString());
		details.put("caller", caller.masked());
		if (request.durationSeconds() != null) {
			details.put("durationSeconds", request.durationSeconds());
		}
		if (request.releaseCause() != null) {
			details.put("releaseCause", request.releaseCause());
		}
		if (request.releaseDirection() != null) {
			details.put("releaseDirection", request.releaseDirection().name());
		}
		String eventId = "evt_" + UUID.randomUUID().toString().replace("-", "");
		Map<String, Object> result = scripts.answer(LeaseScript.CALL_EVENT, keys.shardBase(called.shard()), eventId, request.callId(),
				request.bindingId() == null ? "" : request.bindingId(), protector.blindIndex(caller), called.digits(),
				json.writeValueAsString(details), Long.toString(properties.callStreamLimit()));
		if (Boolean.TRUE.equals(result.get("backlog"))) {
			meters.counter("routing.call.backlog", "path", "event").increment();
			throw RoutingProperties.callBacklog();
		}
		boolean queued = Boolean.TRUE.equals(result.get("queued"));
		meters.counter("call.events", "event", request.event().name(), "queued", Boolean.toString(queued)).increment();
		return new Recorded(eventId, (String) result.get("bindingId"), queued);
	}

	/** The answer: the stable eventId; the binding the call belongs to, if any; whether a platform will hear of it. */
	public record Recorded(String eventId, String bindingId, boolean delivering) {
	}
}
