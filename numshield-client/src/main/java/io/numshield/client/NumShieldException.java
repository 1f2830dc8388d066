package io.numshield.client;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

/**
 * An error answer of the API: its HTTP status and the RFC 9457 problem's {@code code} and
 * {@code detail}. After retries ({@link RetryPolicy}) it is the last answer, and
 * {@link #attempts()} says how many were made.
 */
public class NumShieldException extends RuntimeException {

	private final int status;

	private final @Nullable String code;

	private final @Nullable String detail;

	private final @Nullable String body;

	private final @Nullable Duration retryAfter;

	private final int attempts;

	public NumShieldException(int status, @Nullable String code, @Nullable String detail, @Nullable String body) {
		this(status, code, detail, body, null, 1);
	}

	public NumShieldException(int status, @Nullable String code, @Nullable String detail, @Nullable String body,
			@Nullable Duration retryAfter, int attempts) {
		super(status + " " + code + (detail == null ? "" : ": " + detail)
				+ (attempts > 1 ? " (after " + attempts + " attempts)" : ""));
		this.status = status;
		this.code = code;
		this.detail = detail;
		this.body = body;
		this.retryAfter = retryAfter;
		this.attempts = attempts;
	}

	public int status() {
		return status;
	}

	/**
	 * The contract's stable code, e.g. {@code NO_AVAILABLE_NUMBER}; {@code null} if the
	 * answer had none.
	 */
	public @Nullable String code() {
		return code;
	}

	/** The problem's {@code detail}, for people (it may change); {@code null} if none. */
	public @Nullable String detail() {
		return detail;
	}

	/** The answer's body as received (the problem document). */
	public @Nullable String body() {
		return body;
	}

	/**
	 * The answer's {@code Retry-After} as a wait (429 and 503 carry one), {@code null}
	 * without one: for a caller who decides to send again what the client would not.
	 */
	public @Nullable Duration retryAfter() {
		return retryAfter;
	}

	/** How many times the request was sent, 1 when it was not retried. */
	public int attempts() {
		return attempts;
	}

}
