package io.numshield.support.web.hot;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

/**
 * A hot body's rules checked in code rather than by Bean Validation, which cost about 5 %
 * of a hot request's CPU (a metadata walk and a message interpolation per body): each
 * check writes what Hibernate Validator writes for the same annotation
 * ({@code path message}), so a refusal's detail is the same either way. The records keep
 * their annotations (the API document and the MVC paths read them); each hot record's
 * {@code check} mirrors them, and a test per record compares the two on the same bodies.
 */
public final class Violations {

	private @Nullable List<String> found;

	/** {@code @NotNull}. */
	public Violations notNull(String path, @Nullable Object value) {
		if (value == null) {
			add(path, "must not be null");
		}
		return this;
	}

	/** {@code @NotBlank}: not null, and not only white space. */
	public Violations notBlank(String path, @Nullable String value) {
		if (value == null || value.isBlank()) {
			add(path, "must not be blank");
		}
		return this;
	}

	/** {@code @Size(min, max)} of a text; null passes. */
	public Violations size(String path, @Nullable String value, int min, int max) {
		if (value != null && (value.length() < min || value.length() > max)) {
			add(path, "size must be between " + min + " and " + max);
		}
		return this;
	}

	/** {@code @Pattern} with its default message; null passes. */
	public Violations pattern(String path, @Nullable String value, Pattern pattern) {
		return pattern(path, value, pattern, "must match \"" + pattern.pattern() + "\"");
	}

	/** {@code @Pattern} with a message of its own; null passes. */
	public Violations pattern(String path, @Nullable String value, Pattern pattern, String message) {
		if (value != null && !pattern.matcher(value).matches()) {
			add(path, message);
		}
		return this;
	}

	/**
	 * {@code @Pattern} of an id type, by its hand check ({@code OrderId::isValid}, ADR
	 * 0015: the same answers as its {@code PATTERN}, without a regular expression); null
	 * passes.
	 */
	public Violations id(String path, @Nullable String value, Predicate<String> isValid, String message) {
		if (value != null && !isValid.test(value)) {
			add(path, message);
		}
		return this;
	}

	/** {@code @Min(min) @Max(max)} of a number; null passes. */
	public Violations range(String path, @Nullable Integer value, long min, long max) {
		if (value != null && value < min) {
			add(path, "must be greater than or equal to " + min);
		}
		if (value != null && value > max) {
			add(path, "must be less than or equal to " + max);
		}
		return this;
	}

	/**
	 * The failed checks as the refusal's detail: sorted, joined by {@code "; "}, as
	 * {@link JsonBody} joined Bean Validation's; null when none failed.
	 */
	public @Nullable String detail() {
		if (found == null) {
			return null;
		}
		return String.join("; ", found.stream().sorted().toList());
	}

	private void add(String path, String message) {
		if (found == null) {
			found = new ArrayList<>(2);
		}
		found.add(path + " " + message);
	}

}
