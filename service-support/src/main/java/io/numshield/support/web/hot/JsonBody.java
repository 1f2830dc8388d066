package io.numshield.support.web.hot;

import io.numshield.support.web.ApiException;
import io.numshield.support.web.ProblemAdvice;

import java.util.function.BiConsumer;

import org.springframework.http.HttpStatus;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.ObjectReader;

/**
 * A request body as MVC binds and validates it ({@code @Valid @RequestBody}): read by the
 * MVC's own JSON mapper (its text rules included) and checked by the body's rules in code
 * ({@link Violations}, the messages Bean Validation gives its annotations), each refusal
 * the 400 VALIDATION_FAILED with the detail {@link ProblemAdvice} gives it.
 */
public final class JsonBody<T> {

	private final ObjectReader reader;

	private final BiConsumer<T, Violations> rules;

	/**
	 * {@code reader}: the service's JSON mapper's reader for {@code T}; {@code rules}:
	 * its annotations' checks in code.
	 */
	public JsonBody(ObjectReader reader, BiConsumer<T, Violations> rules) {
		this.reader = reader;
		this.rules = rules;
	}

	public T read(byte[] body) {
		T value;
		try {
			value = body.length == 0 ? null : reader.readValue(body);
		}
		catch (JacksonException unreadable) {
			String textRule = ProblemAdvice.textRuleViolation(unreadable);
			throw invalid(textRule != null ? textRule : ProblemAdvice.UNREADABLE);
		}
		if (value == null) {
			throw invalid(ProblemAdvice.UNREADABLE);
		}
		Violations violations = new Violations();
		rules.accept(value, violations);
		String detail = violations.detail();
		if (detail != null) {
			throw invalid(detail);
		}
		return value;
	}

	private static ApiException invalid(String detail) {
		return new ApiException(HttpStatus.BAD_REQUEST, "VALIDATION_FAILED", detail);
	}

}
