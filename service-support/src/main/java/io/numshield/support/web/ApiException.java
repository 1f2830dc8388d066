package io.numshield.support.web;

import org.springframework.http.HttpStatus;

/**
 * A refusal the contract names: an HTTP status, a stable code, and a detail for people. The
 * detail never holds a full real number. It carries no stack trace (nor suppressed exceptions):
 * where it was thrown is not news, the code says why.
 */
public class ApiException extends RuntimeException {

	private final HttpStatus status;

	private final String code;

	private final java.time.Duration retryAfter;

	public ApiException(HttpStatus status, String code, String detail) {
		this(status, code, detail, null);
	}

	/** A refusal the client may retry after {@code retryAfter} (sent as {@code Retry-After}, whole seconds, at least 1). */
	public ApiException(HttpStatus status, String code, String detail, java.time.Duration retryAfter) {
		// no stack trace: a refusal is thrown per request and logged as one WARN line without a stack
		// (ProblemAdvice, HotAnswers); filling it cost more than the refusal's own work
		super(detail, null, false, false);
		this.status = status;
		this.code = code;
		this.retryAfter = retryAfter;
	}

	/** When to try again, or {@code null}. */
	public java.time.Duration retryAfter() {
		return retryAfter;
	}

	public HttpStatus status() {
		return status;
	}

	public String code() {
		return code;
	}
}
