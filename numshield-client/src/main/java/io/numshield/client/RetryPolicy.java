package io.numshield.client;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.random.RandomGenerator;

import org.jspecify.annotations.Nullable;

/**
 * When {@link NumShieldClient} sends a request again, and how long it waits first.
 *
 * <p>
 * <b>What is retried</b> ({@link #retryable}), and why it is safe:
 * <ul>
 * <li><b>429</b>, any method, unless its code is {@code QUOTA_EXCEEDED}. The gateway's
 * {@code RATE_LIMITED} is decided before the request is forwarded, and call-routing's
 * before it routes: nothing was done, so the request may be sent again.
 * {@code QUOTA_EXCEEDED} (the platform holds its {@code maxActiveBindings}) does not lift
 * by waiting seconds, and is the caller's to handle.</li>
 * <li><b>503</b> ({@code STORE_UNAVAILABLE}, the gateway's {@code SERVICE_UNAVAILABLE},
 * {@code AUDIT_BACKLOG}, {@code AUDIT_BUSY}, or a 503 without a code from something in
 * front): the service may have done the work before the answer was lost ("the change may
 * or may not have been made"). So a 503 is retried for the idempotent methods
 * ({@code GET}, {@code HEAD}, {@code PUT}, {@code DELETE}, {@code OPTIONS}) and for a
 * {@code POST} or {@code PATCH} only when it carries an {@code Idempotency-Key}: the
 * service then answers the first outcome again instead of doing the work twice. Of the
 * API's operations only {@code POST /v1/bindings} honours the key, and of the typed
 * methods only {@link NumShieldClient#bind(BindRequest, String)} sends one. A
 * {@code POST} without one ({@code bind(request)}, a route, a call event, a token) and
 * every {@code PATCH} of the typed methods are not retried on a 503: the exception
 * carries the answer's {@code Retry-After} for a caller who knows a repeat is
 * harmless.</li>
 * <li>Nothing else: no other status, and no failure to connect or read (an
 * {@link java.io.UncheckedIOException} from the client).</li>
 * </ul>
 *
 * <p>
 * <b>How long it waits</b>: the answer's {@code Retry-After} (whole seconds, or an
 * HTTP-date), at least; without one (or one that cannot be read) an exponential backoff
 * with jitter: before retry {@code n}, a random wait between half and all of
 * {@code min(initialBackoff × 2^(n-1), maxBackoff)}. At most {@link #maxAttempts}
 * attempts in all, the first included; and a retry whose wait would take the waits of
 * this call past {@link #maxTotalWait} is not made. Then the last answer stands: the
 * client throws it as a {@link NumShieldException} (or {@code exchange} returns it).
 * Every attempt is signed afresh (a new {@code Timestamp} and {@code Nonce}; the gateway
 * refuses a nonce it has seen), with the same body and {@code Idempotency-Key}.
 *
 * @param maxAttempts attempts in all, the first included (1: no retries)
 * @param maxTotalWait the most one call may spend waiting between its attempts
 * @param initialBackoff the backoff before the first retry when the answer has no
 * {@code Retry-After}
 * @param maxBackoff the longest backoff without {@code Retry-After}
 */
public record RetryPolicy(int maxAttempts, Duration maxTotalWait, Duration initialBackoff, Duration maxBackoff) {

	/** 3 attempts, at most 10 s of waiting, backoff from 100 ms up to 2 s. */
	public static final RetryPolicy DEFAULT = new RetryPolicy(3, Duration.ofSeconds(10), Duration.ofMillis(100),
			Duration.ofSeconds(2));

	/** One attempt: every answer is the caller's. */
	public static final RetryPolicy NONE = DEFAULT.withMaxAttempts(1);

	public RetryPolicy {
		if (maxAttempts < 1) {
			throw new IllegalArgumentException("maxAttempts must be at least 1");
		}
		if (maxTotalWait.isNegative() || initialBackoff.isNegative() || maxBackoff.isNegative()) {
			throw new IllegalArgumentException("durations must not be negative");
		}
	}

	public static RetryPolicy defaults() {
		return DEFAULT;
	}

	public static RetryPolicy none() {
		return NONE;
	}

	public RetryPolicy withMaxAttempts(int attempts) {
		return new RetryPolicy(attempts, maxTotalWait, initialBackoff, maxBackoff);
	}

	public RetryPolicy withMaxTotalWait(Duration wait) {
		return new RetryPolicy(maxAttempts, wait, initialBackoff, maxBackoff);
	}

	public RetryPolicy withBackoff(Duration initial, Duration max) {
		return new RetryPolicy(maxAttempts, maxTotalWait, initial, max);
	}

	/**
	 * Whether an answer may be followed by the same request again (the rule above; the
	 * policy's limits are applied by the client).
	 * @param method the request's method
	 * @param hasIdempotencyKey whether the request carries an {@code Idempotency-Key}
	 * @param status the answer's status
	 * @param code the answer's problem {@code code}, {@code null} if it had none
	 */
	public static boolean retryable(String method, boolean hasIdempotencyKey, int status, @Nullable String code) {
		if (status == 429) {
			return !"QUOTA_EXCEEDED".equals(code);
		}
		if (status == 503) {
			return switch (method.toUpperCase(Locale.ROOT)) {
				case "GET", "HEAD", "PUT", "DELETE", "OPTIONS" -> true;
				default -> hasIdempotencyKey;
			};
		}
		return false;
	}

	/**
	 * A {@code Retry-After} value as a wait from {@code now}: whole seconds ({@code 120})
	 * or an HTTP-date ({@code Wed, 21 Oct 2026 07:28:00 GMT}; one in the past is no
	 * wait). {@code null} when absent or unreadable.
	 */
	public static @Nullable Duration retryAfter(@Nullable String value, Instant now) {
		if (value == null || value.isBlank()) {
			return null;
		}
		String text = value.strip();
		if (text.chars().allMatch(c -> c >= '0' && c <= '9')) {
			try {
				return Duration.ofSeconds(Long.parseLong(text));
			}
			catch (NumberFormatException ex) {
				return null; // more digits than a long holds
			}
		}
		try {
			Instant at = ZonedDateTime.parse(text, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
			return at.isAfter(now) ? Duration.between(now, at) : Duration.ZERO;
		}
		catch (DateTimeParseException ex) {
			return null;
		}
	}

	/**
	 * The wait before retry {@code retry} (1 for the first) when the answer gave no
	 * {@code Retry-After}: between half and all of
	 * {@code min(initialBackoff × 2^(retry-1), maxBackoff)}.
	 */
	public Duration backoff(int retry, RandomGenerator random) {
		long max = maxBackoff.toNanos();
		long ceiling = Math.min(initialBackoff.toNanos(), max);
		for (int i = 1; i < retry && ceiling < max; i++) {
			ceiling = ceiling > max / 2 ? max : ceiling * 2;
		}
		long half = ceiling / 2;
		return Duration.ofNanos(half + random.nextLong(ceiling - half + 1));
	}

}
