package io.numshield.routing.callback;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.numshield.core.crypto.PersonalDataProtector;
import io.numshield.core.number.VirtualShard;
import io.numshield.core.redis.LeaseScript;
import io.numshield.core.redis.RedisKeys;
import io.numshield.support.lifecycle.PeriodicTask;
import io.numshield.support.redis.LeaseScripts;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.redisson.api.RedissonClient;
import org.redisson.client.codec.StringCodec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Delivers queued call events to their platforms' {@code callbackUrl}: POST, JSON, signed with
 * {@code X-NumShield-Signature: sha256=<hex HMAC-SHA256 of the body with the callbackSecret>},
 * carrying the stable {@code eventId} (also in {@code X-NumShield-Event-Id}) for de-duplication.
 * At least once: a delivery leaves the Redis queue only when the platform answered 2xx; failures
 * come back after an exponential backoff until {@code max-age}, then go to the dead letters.
 * The queue lives in Redis, so a restart loses nothing; claims expire, so a dead instance's
 * deliveries come back to the others. Counters: {@code callbacks.delivered}, {@code callbacks.retried},
 * {@code callbacks.dead}, {@code callbacks.dropped} (platform without a callbackUrl).
 */
@Component
class CallbackDeliverer extends PeriodicTask {

	private static final Logger log = LoggerFactory.getLogger(CallbackDeliverer.class);

	private static final Duration ENDPOINT_CACHE = Duration.ofSeconds(10);

	private final LeaseScripts scripts;

	private final RedisKeys keys;

	private final RedissonClient redisson;

	private final PersonalDataProtector protector;

	private final CallbackProperties properties;

	private final HttpClient http;

	private final Counter delivered;

	private final Counter retried;

	private final Counter dead;

	private final Counter dropped;

	private final Map<String, Endpoint> endpoints = new ConcurrentHashMap<>();

	CallbackDeliverer(LeaseScripts scripts, RedisKeys keys, RedissonClient redisson, PersonalDataProtector protector,
			CallbackProperties properties, MeterRegistry meters) {
		super("callback-poller", properties.pollInterval());
		this.scripts = scripts;
		this.keys = keys;
		this.redisson = redisson;
		this.protector = protector;
		this.properties = properties;
		this.http = HttpClient.newBuilder()
			.connectTimeout(properties.timeout())
			.executor(Executors.newFixedThreadPool(8, r -> {
				Thread thread = new Thread(r, "callback-http");
				thread.setDaemon(true);
				return thread;
			}))
			.build();
		this.delivered = meters.counter("callbacks.delivered");
		this.retried = meters.counter("callbacks.retried");
		this.dead = meters.counter("callbacks.dead");
		this.dropped = meters.counter("callbacks.dropped");
	}

	/** One round over every shard's queue. */
	@Override
	protected void runOnce() {
		for (VirtualShard shard : VirtualShard.all()) {
			try {
				poll(shard);
			}
			catch (RuntimeException ex) {
				log.warn("callback poll of shard {} failed: {}", shard.tag(), ex.toString());
			}
		}
	}

	private void poll(VirtualShard shard) {
		Map<String, Object> claim = scripts.answer(LeaseScript.CALLBACKS_CLAIM, keys.shardBase(shard),
				Integer.toString(properties.batch()), Long.toString(properties.claimLease().toMillis()));
		long now = ((Number) claim.get("now")).longValue();
		Object claimed = claim.get("claimed");
		if (!(claimed instanceof List<?> list)) {
			return; // cjson encodes an empty table as {}
		}
		for (Object each : list) {
			@SuppressWarnings("unchecked")
			Map<String, String> item = (Map<String, String>) each;
			deliver(shard, item.get("id"), item.get("delivery"), now);
		}
	}

	private void deliver(VirtualShard shard, String eventId, String stored, long now) {
		String[] parts = stored.split("\\|", 4);
		int attempts = Integer.parseInt(parts[0]);
		long firstQueued = Long.parseLong(parts[1]);
		String platformId = parts[2];
		String payload = parts[3];
		Endpoint endpoint = endpoint(platformId);
		if (endpoint == null) {
			settle(shard, eventId, "DELIVERED", 0);
			dropped.increment();
			return;
		}
		HttpRequest request = HttpRequest.newBuilder(endpoint.url())
			.timeout(properties.timeout())
			.header("Content-Type", "application/json")
			.header("X-NumShield-Event-Id", eventId)
			.header("X-NumShield-Signature", "sha256=" + sign(endpoint.secret(), payload))
			.POST(HttpRequest.BodyPublishers.ofString(payload))
			.build();
		http.sendAsync(request, HttpResponse.BodyHandlers.discarding()).whenComplete((response, error) -> {
			try {
				if (error == null && response.statusCode() / 100 == 2) {
					settle(shard, eventId, "DELIVERED", 0);
					delivered.increment();
				}
				else if (now - firstQueued >= properties.maxAge().toMillis()) {
					settle(shard, eventId, "DEAD", 0);
					dead.increment();
					log.warn("callback {} to platform {} given up after {} attempts", eventId, platformId, attempts + 1);
				}
				else {
					settle(shard, eventId, "RETRY", properties.backoffAfter(attempts + 1).toMillis());
					retried.increment();
				}
			}
			catch (RuntimeException ex) {
				// the claim runs out and the delivery comes back: at least once still holds
				log.warn("cannot settle callback {}: {}", eventId, ex.toString());
			}
		});
	}

	private void settle(VirtualShard shard, String eventId, String outcome, long retryInMillis) {
		scripts.run(LeaseScript.CALLBACKS_SETTLE, keys.shardBase(shard), eventId, outcome, Long.toString(retryInMillis));
	}

	private Endpoint endpoint(String platformId) {
		long now = System.nanoTime();
		Endpoint cached = endpoints.get(platformId);
		if (cached != null && now < cached.until()) {
			return cached.url() == null ? null : cached;
		}
		String stored = redisson.<String, String>getMap(keys.callbacks(), StringCodec.INSTANCE).get(platformId);
		Endpoint fresh;
		if (stored == null) {
			fresh = new Endpoint(null, null, now + ENDPOINT_CACHE.toNanos());
		}
		else {
			int cut = stored.lastIndexOf('|');
			fresh = new Endpoint(URI.create(stored.substring(0, cut)), protector.decryptSecret(stored.substring(cut + 1)),
					now + ENDPOINT_CACHE.toNanos());
		}
		endpoints.put(platformId, fresh);
		return fresh.url() == null ? null : fresh;
	}

	static String sign(String secret, String payload) {
		try {
			Mac mac = Mac.getInstance("HmacSHA256");
			mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
			return HexFormat.of().formatHex(mac.doFinal(payload.getBytes(StandardCharsets.UTF_8)));
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("HmacSHA256 unavailable", ex);
		}
	}

	private record Endpoint(URI url, String secret, long until) {
	}
}
