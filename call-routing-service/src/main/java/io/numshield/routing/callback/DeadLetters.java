package io.numshield.routing.callback;

import io.numshield.core.number.VirtualShard;
import io.numshield.core.problem.ProblemCode;
import io.numshield.core.problem.Refusal;
import io.numshield.core.redis.LeaseScript;
import io.numshield.core.redis.RedisKeys;
import io.numshield.support.redis.LeaseScripts;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The platform callbacks given up ({@code cbdead} of every shard), for an operator:
 * listed newest first without their bodies, and put back on the delivery queue one at a
 * time. Each shard's part is one script on that shard's keys (one Redis Cluster slot); a
 * page asks every shard for at most a page and keeps the newest. A redelivery is one
 * atomic move on the shard that holds the event (the event id does not say which, so
 * every shard is asked at once): of two at the same time, on one instance or two, one
 * moves it and the other finds nothing.
 */
@Component
public class DeadLetters {

	private static final Logger log = LoggerFactory.getLogger(DeadLetters.class);

	/** Most dead letters a page holds. */
	public static final int MAX_LIMIT = 200;

	private static final Pattern PLATFORM_ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");

	private static final Pattern EVENT_ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");

	/** Newest first; of one instant, the greater event id first (the scripts' order). */
	private static final Comparator<DeadLetter> NEWEST_FIRST = Comparator
		.comparingLong((DeadLetter d) -> d.diedAt() == null ? 0 : d.diedAt().toEpochMilli())
		.thenComparing(DeadLetter::eventId)
		.reversed();

	private final LeaseScripts scripts;

	private final RedisKeys keys;

	DeadLetters(LeaseScripts scripts, RedisKeys keys) {
		this.scripts = scripts;
		this.keys = keys;
	}

	/**
	 * One callback given up: no body, no personal data.
	 *
	 * @param eventId the event's stable id (the callbacks' {@code webhook-id})
	 * @param platformId the platform it was for
	 * @param event the call event (RINGING, ANSWERED, HANGUP, …) or the callback's kind
	 * (CALL_STARTED, BINDING_EXPIRED)
	 * @param diedAt when it was given up; null for one given up before this was kept
	 * @param attempts delivery attempts made
	 * @param reason why it was given up ({@code MAX_AGE: …}, {@code FORBIDDEN_TARGET: …})
	 */
	public record DeadLetter(String eventId, String platformId, String event, @Nullable Instant diedAt, int attempts,
			String reason) {
	}

	/**
	 * A page of dead letters, newest first.
	 *
	 * @param deadLetters at most the limit asked for
	 * @param nextCursor the {@code cursor} of the next page; null on the last
	 */
	public record Page(List<DeadLetter> deadLetters, @Nullable String nextCursor) {
	}

	/**
	 * A page of dead letters, of one platform or of all, after {@code cursor} (a page's
	 * {@code nextCursor}), newest first.
	 */
	public Page list(@Nullable String platformId, int limit, @Nullable String cursor) {
		if (limit < 1 || limit > MAX_LIMIT) {
			throw new Refusal(ProblemCode.VALIDATION_FAILED, "limit must be 1.." + MAX_LIMIT);
		}
		if (platformId != null && !PLATFORM_ID.matcher(platformId).matches()) {
			throw new Refusal(ProblemCode.VALIDATION_FAILED, "platformId is not a platform id");
		}
		String[] after = cursor == null ? new String[] { "", "" } : decode(cursor);
		List<CompletableFuture<Map<String, Object>>> shards = new ArrayList<>();
		for (VirtualShard shard : VirtualShard.all()) {
			// one more than the page: whether there is a next page
			shards
				.add(scripts
					.answerAsync(LeaseScript.CALLBACKS_DEAD, keys.shardBase(shard),
							platformId == null ? "" : platformId, Integer.toString(limit + 1), after[0], after[1])
					.toCompletableFuture());
		}
		List<DeadLetter> found = new ArrayList<>();
		for (CompletableFuture<Map<String, Object>> shard : shards) {
			if (shard.join().get("deadLetters") instanceof List<?> items) { // {} when
																			// empty
				for (Object item : items) {
					found.add(read((Map<?, ?>) item));
				}
			}
		}
		found.sort(NEWEST_FIRST);
		if (found.size() <= limit) {
			return new Page(List.copyOf(found), null);
		}
		List<DeadLetter> page = List.copyOf(found.subList(0, limit));
		return new Page(page, encode(page.get(limit - 1)));
	}

	/**
	 * Puts one dead letter back on the delivery queue, due now, with a fresh attempt
	 * budget ({@code max-age} counts from now).
	 * @throws Refusal 404 NOT_FOUND when no shard holds it as a dead letter (never was,
	 * or already redelivered)
	 */
	public void redeliver(String eventId) {
		if (!EVENT_ID.matcher(eventId).matches()) {
			throw notFound();
		}
		List<CompletableFuture<String>> shards = new ArrayList<>();
		for (VirtualShard shard : VirtualShard.all()) {
			shards.add(scripts.runAsync(LeaseScript.CALLBACKS_REDELIVER, keys.shardBase(shard), eventId)
				.toCompletableFuture());
		}
		long queued = shards.stream().map(CompletableFuture::join).filter("QUEUED"::equals).count();
		if (queued == 0) {
			throw notFound();
		}
		log.info("callback {} put back on the delivery queue by an operator", eventId);
	}

	private static Refusal notFound() {
		return new Refusal(ProblemCode.NOT_FOUND, "no callback dead letter with this eventId");
	}

	private static DeadLetter read(Map<?, ?> item) {
		long died = ((Number) item.get("diedAt")).longValue();
		return new DeadLetter((String) item.get("eventId"), (String) item.get("platformId"), (String) item.get("event"),
				died == 0 ? null : Instant.ofEpochMilli(died), ((Number) item.get("attempts")).intValue(),
				(String) item.get("reason"));
	}

	private static String encode(DeadLetter last) {
		String key = (last.diedAt() == null ? 0 : last.diedAt().toEpochMilli()) + ":" + last.eventId();
		return Base64.getUrlEncoder().withoutPadding().encodeToString(key.getBytes(StandardCharsets.UTF_8));
	}

	private static String[] decode(String cursor) {
		try {
			String key = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
			int cut = key.indexOf(':');
			long died = Long.parseLong(key.substring(0, cut));
			String eventId = key.substring(cut + 1);
			if (died < 0 || !EVENT_ID.matcher(eventId).matches()) {
				throw new IllegalArgumentException(key);
			}
			return new String[] { Long.toString(died), eventId };
		}
		catch (IllegalArgumentException | IndexOutOfBoundsException ex) {
			throw new Refusal(ProblemCode.VALIDATION_FAILED, "cursor is not one this endpoint gave");
		}
	}

}
