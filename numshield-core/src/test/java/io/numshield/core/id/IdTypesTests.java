package io.numshield.core.id;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.util.Random;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Each type's check by hand says what its {@code PATTERN} says, on many generated
 * strings.
 */
class IdTypesTests {

	record Type(String name, String pattern, int maxLength, Predicate<String> isValid, Function<String, ?> of) {

		@Override
		public String toString() {
			return this.name;
		}
	}

	static Stream<Type> types() {
		return Stream.of(new Type("PoolId", PoolId.PATTERN, 64, PoolId::isValid, PoolId::of),
				new Type("PlatformId", PlatformId.PATTERN, 64, PlatformId::isValid, PlatformId::of),
				new Type("OrderId", OrderId.PATTERN, 64, OrderId::isValid, OrderId::of),
				new Type("IdempotencyKey", IdempotencyKey.PATTERN, 128, IdempotencyKey::isValid, IdempotencyKey::of),
				new Type("ApiKeyId", ApiKeyId.PATTERN, 64, ApiKeyId::isValid, ApiKeyId::of),
				new Type("CallId", CallId.PATTERN, 128, CallId::isValid, CallId::of));
	}

	@ParameterizedTest
	@MethodSource("types")
	void theHandCheckAgreesWithThePatternOnGeneratedStrings(Type type) {
		// lengths 0 to max + 2, characters mostly from the punctuation and ASCII around
		// the allowed ones, sometimes any of the first 300 code points: both answers
		// occur often
		Pattern pattern = Pattern.compile(type.pattern());
		Random random = new Random(20261130L + type.name().hashCode());
		String near = "azAZ09._:@-/ +!~\\\"'`[]{}^|";
		int valid = 0;
		for (int n = 0; n < 50_000; n++) {
			int length = random.nextInt(8) == 0 ? random.nextInt(type.maxLength() + 3) : random.nextInt(6);
			StringBuilder candidate = new StringBuilder(length);
			for (int i = 0; i < length; i++) {
				candidate.append(switch (random.nextInt(4)) {
					case 0 -> (char) random.nextInt(300);
					case 1 -> near.charAt(random.nextInt(near.length()));
					default -> (char) ('a' + random.nextInt(26));
				});
			}
			String value = candidate.toString();
			boolean expected = pattern.matcher(value).matches();
			valid += expected ? 1 : 0;
			if (type.isValid().test(value) != expected) {
				assertThat(type.isValid().test(value)).as(value).isEqualTo(expected);
			}
			if (n % 64 == 0) {
				if (expected) {
					assertThat(type.of().apply(value)).hasToString(value);
				}
				else {
					assertThatIllegalArgumentException().isThrownBy(() -> type.of().apply(value));
				}
			}
		}
		assertThat(valid).as("both answers occur").isBetween(2_500, 47_500);
	}

	@ParameterizedTest
	@MethodSource("types")
	void theLimitsAreTheContracts(Type type) {
		assertThat(type.isValid().test("a".repeat(type.maxLength()))).isTrue();
		assertThat(type.isValid().test("a".repeat(type.maxLength() + 1))).isFalse();
		assertThat(type.isValid().test("")).isFalse();
		assertThat(type.isValid().test(null)).isFalse();
		assertThat(type.isValid().test("a\u00e9")).isFalse();
		assertThat(type.isValid().test("a\u0100")).isFalse();
		assertThat(type.isValid().test("A-z.0_9")).isTrue();
	}

	@ParameterizedTest
	@MethodSource("types")
	void aRefusalNamesTheRuleAndNeverQuotesTheValue(Type type) {
		assertThatIllegalArgumentException().isThrownBy(() -> type.of().apply("13800138000/secret"))
			.withMessageContaining("must be 1..")
			.withMessageNotContaining("13800138000");
		assertThatIllegalArgumentException().isThrownBy(() -> type.of().apply(null))
			.withMessageEndingWith("is required");
	}

}
