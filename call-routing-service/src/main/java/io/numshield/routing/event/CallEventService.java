package io.numshield.routing.event;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.numshield.core.crypto.PersonalDataProtector;
import io.numshield.core.event.EventType;
import io.numshield.core.number.DialedNumber;
import io.numshield.core.number.RealNumber;
import io.numshield.core.number.VirtualNumber;
import io.numshield.core.problem.ProblemCode;
import io.numshield.core.problem.Refusal;
import io.numshield.core.redis.LeaseScript;
import io.numshield.core.redis.RedisKeys;
import io.numshield.core.redis.ScriptConnection;
import io.numshield.routing.route.RoutingProperties;
import io.numshield.support.redis.LeaseScripts;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.stereotype.Service;

import tools.jackson.databind.ObjectMapper;

/**
 * Records a call event (CALL_EVENT in the called number's call stream) and, when the call
 * belongs to a binding, queues its delivery to the platform in the same atomic step; the
 * delivery itself runs apart ({@code CallbackDeliverer}), so a platform that is down
 * never slows this path.
 */
@Service
public class CallEventService {

	private final LeaseScripts scripts;

	private final RedisKeys keys;

	private final PersonalDataProtector protector;

	private final ObjectMapper json;

	private final MeterRegistry meters;

	private final RoutingProperties properties;

	private final ScriptConnection redis;

	private final Counter backlog;

	/**
	 * {@code call.events} by "event|queued": ten counters, each registered on its first
	 * use only.
	 */
	private final Map<String, Counter> recordedEvents = new ConcurrentHashMap<>();

	CallEventService(LeaseScripts scripts, RedisKeys keys, PersonalDataProtector protector, ObjectMapper json,
			MeterRegistry meters, RoutingProperties properties, ScriptConnection redis) {
		this.properties = properties;
		this.redis = redis;
		this.scripts = scripts;
		this.keys = keys;
		this.protector = protector;
		this.json = json;
		this.meters = meters;
		this.backlog = meters.counter("routing.call.backlog", "path", "event");
	}

	/**
	 * The same service on another key prefix, counting in another registry: the warm-up's
	 * (ADR 0010).
	 */
	public CallEventService twin(RedisKeys otherKeys, MeterRegistry otherMeters) {
		return new CallEventService(scripts, otherKeys, protector, json, otherMeters, properties, redis);
	}

	/** Answers the eventId under which the event was recorded (and will be delivered). */
	public Recorded record(CallEventRequest request) {
		return ScriptConnection.await(recordAsync(request));
	}

	/**
	 * {@link #record}, without holding the calling thread while Redis works (the hot
	 * path): the numbers are parsed here, so a malformed one throws at once; the answer,
	 * or the 503 of a full call stream, completes the stage on an I/O thread of the
	 * scripts' connection (LeaseScripts).
	 */
	public CompletionStage<Recorded> recordAsync(CallEventRequest request) {
		Event event = event(request);
		if (event.recording() == null) {
			return scripts.answerAsync(LeaseScript.CALL_EVENT, event.shardBase(), event.arguments())
				.thenApply(result -> recorded(event, result));
		}
		return redis.streams()
			.xadd(event.shardBase() + "calls", event.recording())
			.thenCompose(id -> scripts.answerAsync(LeaseScript.CALL_EVENT, event.shardBase(), event.arguments()))
			.thenApply(result -> recorded(event, result));
	}

	/**
	 * The recording's location, for compliance-audit-service's call record alone: a
	 * {@code CALL_RECORDING} entry on the call stream, written before the event's own
	 * {@code CALL_EVENT} (whose details become the platform's callback, which must not
	 * carry it), the location as AEAD ciphertext (a location may name people). Null for
	 * every other event.
	 */
	private Map<String, String> recording(CallEventRequest request, VirtualNumber called) {
		boolean ready = request.event() == CallEventRequest.Kind.RECORDING_READY;
		if (ready != (request.recordingLocation() != null)) {
			throw new Refusal(ProblemCode.VALIDATION_FAILED,
					"recordingLocation comes with event RECORDING_READY, and only with it");
		}
		if (!ready) {
			return null;
		}
		Map<String, String> fields = new LinkedHashMap<>();
		fields.put("v", "1");
		fields.put("eventId", "recording:" + request.callId() + ":" + UUID.randomUUID());
		fields.put("type", EventType.CALL_RECORDING.name());
		fields.put("occurredAt", Long.toString(System.currentTimeMillis()));
		fields.put("callId", request.callId());
		fields.put("virtualNumber", called.digits());
		fields.put("recordingLocation", protector.encryptRecordingLocation(request.recordingLocation()));
		return fields;
	}

	private Event event(CallEventRequest request) {
		DialedNumber dialed = request.dialed();
		VirtualNumber called = dialed.number();
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
		if (request.sipStatus() != null) {
			details.put("sipStatus", request.sipStatus());
		}
		Map<String, String> recording = recording(request, called);
		String eventId = "evt_" + UUID.randomUUID().toString().replace("-", "");
		Object[] arguments = { eventId, request.callId(), request.bindingId() == null ? "" : request.bindingId(),
				protector.blindIndex(caller), called.digits(), json.writeValueAsString(details),
				Long.toString(properties.callStreamLimit()), Long.toString(request.occurredAt().toEpochMilli()),
				dialed.extensionOrEmpty() };
		return new Event(request, eventId, keys.shardBase(called.shard()), arguments, recording);
	}

	private Recorded recorded(Event event, Map<String, Object> result) {
		if (Boolean.TRUE.equals(result.get("backlog"))) {
			backlog.increment();
			throw RoutingProperties.callBacklog();
		}
		boolean queued = Boolean.TRUE.equals(result.get("queued"));
		String kind = event.request().event().name();
		recordedEvents
			.computeIfAbsent(kind + '|' + queued,
					k -> meters.counter("call.events", "event", kind, "queued", Boolean.toString(queued)))
			.increment();
		return new Recorded(event.eventId(), (String) result.get("bindingId"), queued);
	}

	/** What the call-event script is asked, on which shard. */
	private record Event(CallEventRequest request, String eventId, String shardBase, Object[] arguments,
			Map<String, String> recording) {
	}

	/**
	 * The answer: the stable eventId; the binding the call belongs to, if any; whether a
	 * platform will hear of it.
	 */
	public record Recorded(String eventId, String bindingId, boolean delivering) {
	}

}
