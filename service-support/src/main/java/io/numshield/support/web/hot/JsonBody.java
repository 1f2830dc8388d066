package io.numshield.support.web.hot;

import io.numshield.support.web.ApiException;
import io.numshield.support.web.ProblemAdvice;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;

import java.util.Set;
import java.util.stream.Collectors;

import org.springframework.http.HttpStatus;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.ObjectReader;

/**
 * A request body as MVC binds and validates it ({@code @Valid @RequestBody}): read by the
 * MVC's own JSON mapper (its text rules included) and checked by its own
 * {@link Validator}, each refusal the 400 VALIDATION_FAILED with the detail
 * {@link ProblemAdvice} gives it.
 */
public final class JsonBody<T> {

	private final ObjectReader reader;

	private final Validator validator;

	/** {@code reader}: the service's JSON mapper's reader for {@code T}. */
	public JsonBody(ObjectReader reader, Validator validator) {
		this.reader = reader;
		this.validator = validator;
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
		Set<ConstraintViolation<T>> violations = validator.validate(value);
		if (!violations.isEmpty()) {
			throw invalid(violations.stream()
				.map(v -> v.getPropertyPath() + " " + v.getMessage())
				.sorted()
				.collect(Collectors.joining("; ")));
		}
		return value;
	}

	private static ApiException invalid(String detail) {
		return new ApiException(HttpStatus.BAD_REQUEST, "VALIDATION_FAILED", detail);
	}

}
