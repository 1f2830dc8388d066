package io.numshield.routing.callback;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.numshield.client.WebhookSignature;
import io.numshield.core.callback.CallbackTargetPolicy;
import io.numshield.core.callback.ForbiddenCallbackTarget;
import io.numshield.core.crypto.PersonalDataProtector;
import io.numshield.core.number.VirtualShard;
import io.numshield.core.redis.LeaseScript;
import io.numshield.core.redis.RedisKeys;
import io.numshield.support.lifecycle.PeriodicTask;
import io.numshield.support.redis.LeaseScripts;
import jakarta.annotation.PreDestroy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import org.apache.hc.client5.http.DnsResolver;
import org.apache.hc.client5.http.SystemDefaultDnsResolver;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.apache.hc.core5.http.io.entity.StringEntity;
import org.apache.hc.core5.io.CloseMode;
import org.apache.hc.core5.util.Timeout;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.StringCodec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Delivers queued call events to their platforms' {@code callbackUrl}: POST, JSON, signed
 * after Standard Webhooks ({@link WebhookSignature}: {@code webhook-id} = the stable
 * {@code eventId}, {@code webhook-timestamp}, {@code webhook-signature: v1,<base64>}),
 * which platforms check with numshield-client's {@code WebhookVerifier}. At least once: a
 * delivery leaves the Redis queue only when the platform answered 2xx; failures come back
 * after an exponential backoff until {@code max-age}, then go to the dead letters. The
 * queue lives in Redis, so a restart loses nothing; claims expire, so a dead instance's
 * deliveries come back to the others.
 *
 * <p>
 * Every attempt resolves the host again and checks every address with
 * {@link CallbackTargetPolicy} inside the HTTP client's resolver, so the connection goes
 * only to an address that was checked (a name re-pointed inside after registration, DNS
 * rebinding, is caught); targets on the operator's allow-list skip the check. A refused
 * target is not retried: the delivery goes to the dead letters at once, with its reason
 * in {@code cbdeadwhy}. No redirects are followed. Counters: {@code callbacks.delivered},
 * {@code callbacks.retried}, {@code callbacks.dead}, {@code callbacks.refused} (forbidden
 * target, also counted dead), {@code callbacks.dropped} (platform without a callbackUrl).
 */
@Component
class CallbackDeliverer extends PeriodicTask {

	private static final Logger log = LoggerFactory.getLogger(CallbackDeliverer.class);

	private static final Duration ENDPOINT_CACHE = Duration.ofSeconds(10);

	/**
	 * Sender threads: at most this many deliveries are claimed and in flight per
	 * instance.
	 */
	static final int SENDERS = 8;

	private final LeaseScripts scripts;

	private final RedisKeys keys;

	private final RedissonClient redisson;

	private final PersonalDataProtector protector;

	private final CallbackProperties properties;

	private final CallbackTargetPolicy targets;

	/** Connects only to addresses the policy permitted. */
	private final CloseableHttpClient checked;

	/** For allow-listed targets: the JDK's resolver, no address check. */
	private final CloseableHttpClient allowListed;

	private final ExecutorService senders;

	private final Counter delivered;

	private final Counter retried;

	private final Counter dead;

	private final Counter refused;

	private final Counter dropped;

	/**
	 * Each platform's callback address and secret, read from Redis at most every
	 * {@link #ENDPOINT_CACHE}; bounded, so that platforms long gone do not keep their
	 * decrypted secrets here.
	 */
	private final Cache<String, Endpoint> endpoints = Caffeine.newBuilder()
		.maximumSize(100_000)
		.expireAfterWrite(ENDPOINT_CACHE)
		.build();

	/**
	 * Deliveries handed to the senders and not yet settled. A round claims no more than
	 * there are idle senders: a claim runs out after {@code claim-lease}, and a delivery
	 * that waited behind slow platforms' in the senders' queue for longer was claimed
	 * again by the next round and sent twice. Claimed only when a sender is free, a
	 * delivery starts at once and ends within {@code timeout}, well inside its claim.
	 */
	private final AtomicInteger inFlight = new AtomicInteger();

	/**
	 * The shard the next round starts at, so that busy senders do not always leave the
	 * same shards waiting.
	 */
	private int nextShard;

	CallbackDeliverer(LeaseScripts scripts, RedisKeys keys, RedissonClient redisson, PersonalDataProtector protector,
			CallbackProperties properties, CallbackTargetPolicy targets, MeterRegistry meters) {
		super("callback-poller", properties.pollInterval());
		this.scripts = scripts;
		this.keys = keys;
		this.redisson = redisson;
		this.protector = protector;
		this.properties = properties;
		this.targets = targets;
		this.checked = client(new CheckingResolver(targets), properties.timeout());
		this.allowListed = client(SystemDefaultDnsResolver.INSTANCE, properties.timeout());
		this.senders = Executors.newFixedThreadPool(SENDERS, r -> {
			Thread thread = new Thread(r, "callback-http");
			thread.setDaemon(true);
			return thread;
		});
		this.delivered = meters.counter("callbacks.delivered");
		this.retried = meters.counter("callbacks.retried");
		this.dead = meters.counter("callbacks.dead");
		this.refused = meters.counter("callbacks.refused");
		this.dropped = meters.counter("callbacks.dropped");
	}

	private static CloseableHttpClient client(DnsResolver resolver, Duration timeout) {
		Timeout limit = Timeout.of(timeout);
		return HttpClients.custom()
			.setConnectionManager(PoolingHttpClientConnectionManagerBuilder.create()
				.setDnsResolver(resolver)
				.setDefaultConnectionConfig(
						ConnectionConfig.custom().setConnectTimeout(limit).setSocketTimeout(limit).build())
				.setMaxConnTotal(64)
				.setMaxConnPerRoute(8)
				.build())
			.setDefaultRequestConfig(
					RequestConfig.custom().setConnectionRequestTimeout(limit).setResponseTimeout(limit).build())
			.disableRedirectHandling()
			.disableAutomaticRetries()
			.disableCookieManagement()
			.build();
	}

	/** One round over every shard's queue. */
	@Override
	protected void runOnce() {
		int first = nextShard;
		nextShard = (first + 1) % VirtualShard.COUNT;
		for (int i = 0; i < VirtualShard.COUNT; i++) {
			VirtualShard shard = new VirtualShard((first + i) % VirtualShard.COUNT);
			int idle = SENDERS - inFlight.get();
			if (idle <= 0) {
				return; // the rest wait for the next round, unclaimed
			}
			try {
				poll(shard, Math.min(properties.batch(), idle));
			}
			catch (RuntimeException ex) {
				log.warn("callback poll of shard {} failed: {}", shard.tag(), ex.toString());
			}
		}
	}

	/**
	 * Claims at most {@code posts} POSTs' worth of this shard's due deliveries: single
	 * ones, and batches of the platforms that batch (callbacks-claim.lua).
	 */
	private void poll(VirtualShard shard, int posts) {
		Map<String, Object> claim = scripts.answer(LeaseScript.CALLBACKS_CLAIM, keys.shardBase(shard),
				Integer.toString(posts), Long.toString(properties.claimLease().toMillis()),
				Integer.toString(properties.batch()));
		long now = ((Number) claim.get("now")).longValue();
		Object claimed = claim.get("claimed");
		if (!(claimed instanceof List<?> list)) {
			return; // cjson encodes an empty table as {}
		}
		for (Object each : list) {
			@SuppressWarnings("unchecked")
			Map<String, Object> item = (Map<String, Object>) each;
			if (item.get("batch") instanceof List<?> batch) {
				deliver(shard, batch.stream().map(Delivery::of).toList(), true, now);
			}
			else {
				deliver(shard, List.of(Delivery.of(item)), false, now);
			}
		}
	}

	/**
	 * One POST of one platform's deliveries: a single one as its own body, or a batch as
	 * {@code {"events":[...]}}; each delivery is settled on its own (its attempts, its
	 * age).
	 */
	private void deliver(VirtualShard shard, List<Delivery> deliveries, boolean batch, long now) {
		String platformId = deliveries.getFirst().platformId();
		Endpoint endpoint = endpoint(platformId);
		if (endpoint == null) {
			deliveries.forEach(d -> settle(shard, d.eventId(), "DELIVERED", "0"));
			dropped.increment(deliveries.size());
			return;
		}
		boolean single = !batch;
		String webhookId = single ? deliveries.getFirst().eventId() : batchId(deliveries);
		String body = single ? deliveries.getFirst().payload()
				: deliveries.stream().map(Delivery::payload).collect(Collectors.joining(",", "{\"events\":[", "]}"));
		inFlight.incrementAndGet();
		senders.execute(() -> {
			try {
				String failure = attempt(endpoint, webhookId, body);
				for (Delivery d : deliveries) {
					settleAfter(shard, d, failure, now);
				}
			}
			catch (ForbiddenCallbackTarget ex) {
				for (Delivery d : deliveries) {
					settle(shard, d.eventId(), "DEAD", "FORBIDDEN_TARGET: callbackUrl " + ex.reason());
					refused.increment();
					dead.increment();
				}
				log.warn("callback {} to platform {} refused, not retried: callbackUrl {}", webhookId, platformId,
						ex.reason());
			}
			catch (RuntimeException ex) {
				// the claim runs out and the delivery comes back: at least once still
				// holds
				log.warn("cannot settle callback {}: {}", webhookId, ex.toString());
			}
			finally {
				inFlight.decrementAndGet();
			}
		});
	}

	/** Settles one delivery after its POST: delivered, retried, or given up. */
	private void settleAfter(VirtualShard shard, Delivery d, String failure, long now) {
		if (failure == null) {
			settle(shard, d.eventId(), "DELIVERED", "0");
			delivered.increment();
		}
		else if (now - d.firstQueued() >= properties.maxAge().toMillis()) {
			settle(shard, d.eventId(), "DEAD", "MAX_AGE: " + (d.attempts() + 1) + " attempts, the last: " + failure);
			dead.increment();
			log.warn("callback {} to platform {} given up after {} attempts", d.eventId(), d.platformId(),
					d.attempts() + 1);
		}
		else {
			settle(shard, d.eventId(), "RETRY", Long.toString(properties.backoffAfter(d.attempts() + 1).toMillis()));
			retried.increment();
		}
	}

	/**
	 * A batch's {@code webhook-id}: {@code batch_} and 32 hex digits of the SHA-256 of
	 * its eventIds, so the same batch sent again has the same id.
	 */
	static String batchId(List<Delivery> deliveries) {
		try {
			MessageDigest sha = MessageDigest.getInstance("SHA-256");
			for (Delivery d : deliveries) {
				sha.update(d.eventId().getBytes(StandardCharsets.UTF_8));
				sha.update((byte) ',');
			}
			return "batch_" + HexFormat.of().formatHex(sha.digest()).substring(0, 32);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * One POST; null when the platform answered 2xx, else what went wrong (no personal
	 * data).
	 */
	private String attempt(Endpoint endpoint, String eventId, String payload) throws ForbiddenCallbackTarget {
		boolean allowed = targets.allowListed(endpoint.url());
		try {
			if (!allowed) {
				// also refuses an IP literal, which an HTTP client may connect to without
				// asking its resolver
				targets.resolvePermitted(endpoint.url().getHost());
			}
			HttpPost post = new HttpPost(endpoint.url());
			long timestamp = Instant.now().getEpochSecond();
			post.setHeader(WebhookSignature.ID_HEADER, eventId);
			post.setHeader(WebhookSignature.TIMESTAMP_HEADER, Long.toString(timestamp));
			post.setHeader(WebhookSignature.SIGNATURE_HEADER,
					WebhookSignature.sign(endpoint.secret(), eventId, timestamp, payload));
			post.setEntity(new StringEntity(payload, ContentType.APPLICATION_JSON));
			int status = (allowed ? allowListed : checked).execute(post, response -> {
				EntityUtils.consume(response.getEntity());
				return response.getCode();
			});
			return status / 100 == 2 ? null : "HTTP " + status;
		}
		catch (ForbiddenCallbackTarget ex) {
			throw ex;
		}
		catch (IOException ex) {
			for (Throwable cause = ex.getCause(); cause != null; cause = cause.getCause()) {
				if (cause instanceof ForbiddenCallbackTarget forbidden) {
					throw forbidden;
				}
			}
			return ex.getClass().getSimpleName();
		}
	}

	private void settle(VirtualShard shard, String eventId, String outcome, String retryInMillisOrReason) {
		scripts.run(LeaseScript.CALLBACKS_SETTLE, keys.shardBase(shard), eventId, outcome, retryInMillisOrReason);
	}

	private Endpoint endpoint(String platformId) {
		Endpoint cached = endpoints.getIfPresent(platformId);
		if (cached != null) {
			return cached.url() == null ? null : cached;
		}
		String stored = redisson.<String, String>getMap(keys.callbacks(), StringCodec.INSTANCE).get(platformId);
		Endpoint fresh;
		if (stored == null) {
			fresh = new Endpoint(null, null);
		}
		else {
			int cut = stored.lastIndexOf('|');
			fresh = new Endpoint(URI.create(stored.substring(0, cut)),
					protector.decryptSecret(stored.substring(cut + 1)));
		}
		endpoints.put(platformId, fresh);
		return fresh.url() == null ? null : fresh;
	}

	/**
	 * Closes the HTTP clients with the application; a delivery in flight is claimed again
	 * later.
	 */
	@PreDestroy
	void closeClients() {
		senders.shutdown();
		checked.close(CloseMode.GRACEFUL);
		allowListed.close(CloseMode.GRACEFUL);
	}

	private record Endpoint(URI url, String secret) {
	}

	/**
	 * One claimed delivery: {@code attempts|firstQueuedAt|platformId|payload}.
	 */
	record Delivery(String eventId, int attempts, long firstQueued, String platformId, String payload) {

		static Delivery of(Object claimed) {
			@SuppressWarnings("unchecked")
			Map<String, String> item = (Map<String, String>) claimed;
			String[] parts = item.get("delivery").split("\\|", 4);
			return new Delivery(item.get("id"), Integer.parseInt(parts[0]), Long.parseLong(parts[1]), parts[2],
					parts[3]);
		}

	}

	/**
	 * The HTTP client's resolver: the policy's addresses, every one checked, or a
	 * refusal.
	 */
	private record CheckingResolver(CallbackTargetPolicy policy) implements DnsResolver {

		@Override
		public InetAddress[] resolve(String host) throws UnknownHostException {
			return policy.resolvePermitted(host);
		}

		@Override
		public String resolveCanonicalHostname(String host) {
			return host;
		}
	}

}
