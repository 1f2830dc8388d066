package io.numshield.core.problem;

import java.time.Duration;
import java.util.Map;

/**
 * A refusal the contract names, as the domain throws it: a {@link ProblemCode}, a detail
 * for people and, where the client may try again, when. The domain knows no HTTP:
 * service-support's {@code ProblemAdvice} (and {@code HotAnswers} on the hot paths) write
 * it as the contract's problem document. The detail never holds a full real number. It
 * carries no stack trace (nor suppressed exceptions): it is thrown per request and logged
 * as one line; where it was thrown is not news, the code says why.
 */
public class Refusal extends RuntimeException {

	private final ProblemCode code;

	private final int status;

	private final Duration retryAfter;

	private final Map<String, String> extensions;

	public Refusal(ProblemCode code, String detail) {
		this(code, code.status(), detail, null);
	}

	/**
	 * A refusal whose problem document carries extension members beside {@code code}
	 * (e.g. NO_AVAILABLE_NUMBER's {@code region} and {@code regionPolicy}); their values
	 * never hold personal data.
	 */
	public Refusal(ProblemCode code, String detail, Map<String, String> extensions) {
		this(code, code.status(), detail, null, extensions);
	}

	/**
	 * A refusal the client may retry after {@code retryAfter} (sent as
	 * {@code Retry-After}, whole seconds, at least 1).
	 */
	public Refusal(ProblemCode code, String detail, Duration retryAfter) {
		this(code, code.status(), detail, retryAfter);
	}

	/**
	 * A refusal with another status than the code's own, where the contract names one for
	 * this case (e.g. 409 VALIDATION_FAILED for an id that exists; see
	 * {@link ProblemCode}).
	 */
	public Refusal(ProblemCode code, int status, String detail) {
		this(code, status, detail, null);
	}

	protected Refusal(ProblemCode code, int status, String detail, Duration retryAfter) {
		this(code, status, detail, retryAfter, Map.of());
	}

	private Refusal(ProblemCode code, int status, String detail, Duration retryAfter, Map<String, String> extensions) {
		// no stack trace: filling it cost more than the refusal's own work on the hot
		// paths
		super(detail, null, false, false);
		if (status < 400 || status > 599) {
			throw new IllegalArgumentException("a refusal answers 4xx or 5xx, not " + status);
		}
		this.code = code;
		this.status = status;
		this.retryAfter = retryAfter;
		this.extensions = Map.copyOf(extensions);
	}

	public ProblemCode code() {
		return code;
	}

	/** The HTTP status of the answer. */
	public int status() {
		return status;
	}

	/** When to try again, or {@code null}. */
	public Duration retryAfter() {
		return retryAfter;
	}

	/** The problem document's extension members beyond {@code code}; usually none. */
	public Map<String, String> extensions() {
		return extensions;
	}

}
