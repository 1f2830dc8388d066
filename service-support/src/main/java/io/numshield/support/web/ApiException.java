package io.numshield.support.web;

import io.numshield.core.problem.ProblemCode;
import io.numshield.core.problem.Refusal;

import java.time.Duration;

import org.springframework.http.HttpStatus;

/**
 * A {@link Refusal} made from Spring's {@link HttpStatus} and the code's name, for the
 * web layers and the services that have not moved to {@code Refusal} yet: one mapping
 * ({@link ProblemAdvice}, {@code HotAnswers}) writes both. The code must be one of the
 * contract's ({@link ProblemCode}).
 */
public class ApiException extends Refusal {

	public ApiException(HttpStatus status, String code, String detail) {
		this(status, code, detail, null);
	}

	/**
	 * A refusal the client may retry after {@code retryAfter} (sent as
	 * {@code Retry-After}, whole seconds, at least 1).
	 */
	public ApiException(HttpStatus status, String code, String detail, Duration retryAfter) {
		super(ProblemCode.valueOf(code), status.value(), detail, retryAfter);
	}

}
