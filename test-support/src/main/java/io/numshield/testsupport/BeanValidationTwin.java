package io.numshield.testsupport;

import jakarta.validation.Validation;
import jakarta.validation.Validator;

import java.lang.reflect.Constructor;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.stream.Collectors;

import org.hibernate.validator.HibernateValidator;

/**
 * Bean Validation's answer for a hot request body, for the tests that hold a record's
 * rules in code ({@code check(Violations)}) to its annotations: the detail as the hot
 * path joined Hibernate Validator's violations before the rules moved into code, and
 * cases to compare them on.
 */
public final class BeanValidationTwin {

	private static final Validator VALIDATOR = Validation.byProvider(HibernateValidator.class)
		.configure()
		.defaultLocale(Locale.ENGLISH)
		.buildValidatorFactory()
		.getValidator();

	private BeanValidationTwin() {
	}

	/** {@code path message} per violation, sorted, joined by "; "; null when valid. */
	public static String detail(Object body) {
		var violations = VALIDATOR.validate(body);
		if (violations.isEmpty()) {
			return null;
		}
		return violations.stream()
			.map(v -> v.getPropertyPath() + " " + v.getMessage())
			.sorted()
			.collect(Collectors.joining("; "));
	}

	/**
	 * Instances of {@code type} from each component's candidates (the first valid): every
	 * candidate of each component with the others at their first, then {@code random}
	 * mixes (each component at its first four times in five) from {@code seed}.
	 */
	public static <R extends Record> List<R> cases(Class<R> type, Map<String, List<?>> candidates, int random,
			long seed) {
		RecordComponent[] components = type.getRecordComponents();
		for (RecordComponent c : components) {
			if (!candidates.containsKey(c.getName())) {
				throw new IllegalArgumentException("no candidates for " + type.getSimpleName() + "." + c.getName());
			}
		}
		List<R> cases = new ArrayList<>();
		Object[] first = Arrays.stream(components).map(c -> candidates.get(c.getName()).get(0)).toArray();
		for (int i = 0; i < components.length; i++) {
			for (Object value : candidates.get(components[i].getName())) {
				Object[] args = first.clone();
				args[i] = value;
				cases.add(make(type, components, args));
			}
		}
		Random rnd = new Random(seed);
		for (int n = 0; n < random; n++) {
			Object[] args = new Object[components.length];
			for (int i = 0; i < components.length; i++) {
				List<?> values = candidates.get(components[i].getName());
				args[i] = rnd.nextInt(5) < 4 ? values.get(0) : values.get(rnd.nextInt(values.size()));
			}
			cases.add(make(type, components, args));
		}
		return cases;
	}

	private static <R extends Record> R make(Class<R> type, RecordComponent[] components, Object[] args) {
		try {
			Constructor<R> canonical = type.getDeclaredConstructor(
					Arrays.stream(components).map(RecordComponent::getType).toArray(Class<?>[]::new));
			return canonical.newInstance(args);
		}
		catch (ReflectiveOperationException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
