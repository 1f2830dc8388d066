package io.numshield.core.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import io.numshield.core.number.VirtualShard;

import java.util.HashSet;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

class BindingIdTests {

	private static final String FORMAT = "[0-9]{2}[0-9A-HJKMNP-TV-Z]{14}";

	@Test
	void randomIdsMatchTheFormatAndCarryTheShard() {
		for (VirtualShard shard : VirtualShard.all()) {
			BindingId id = BindingId.random(shard);

			assertThat(id.value()).matches(FORMAT).startsWith(shard.tag()).hasSize(16);
			assertThat(id.shard()).isEqualTo(shard);
			assertThat(id).hasToString(id.value());
			assertThat(BindingId.isValid(id.value())).isTrue();
		}
	}

	@Test
	void randomIdsDoNotRepeat() {
		Set<String> seen = new HashSet<>();
		for (int i = 0; i < 10_000; i++) {
			seen.add(BindingId.random(new VirtualShard(5)).value());
		}

		assertThat(seen).hasSize(10_000);
	}

	@Test
	void randomSuffixUsesCrockfordBase32WithoutAmbiguousLetters() {
		for (int i = 0; i < 1_000; i++) {
			assertThat(BindingId.randomSuffix()).hasSize(14)
				.matches("[0-9A-HJKMNP-TV-Z]{14}")
				.doesNotContain("I", "L", "O", "U");
		}
	}

	@Test
	void everyPositionOfTheSuffixIsUniformOverTheAlphabet() {
		// one draw of 9 bytes is cut into 14 x 5 bits: a slip in the cutting would leave
		// a position with fewer than 32 values or a skewed share (expected 625 of 20,000
		// each, sd ≈ 25)
		int[][] counts = new int[14][32];
		String alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
		for (int n = 0; n < 20_000; n++) {
			String suffix = BindingId.randomSuffix();
			for (int i = 0; i < 14; i++) {
				counts[i][alphabet.indexOf(suffix.charAt(i))]++;
			}
		}
		for (int i = 0; i < 14; i++) {
			for (int c = 0; c < 32; c++) {
				assertThat(counts[i][c]).as("position %d, character %s", i, alphabet.charAt(c)).isBetween(450, 800);
			}
		}
	}

	@Test
	void withSuffixKeepsTheSuffixOnAnotherShard() {
		String suffix = BindingId.randomSuffix();

		BindingId onThree = BindingId.withSuffix(new VirtualShard(3), suffix);
		BindingId onSixtyThree = BindingId.withSuffix(new VirtualShard(63), suffix);

		assertThat(onThree.value()).isEqualTo("03" + suffix);
		assertThat(onSixtyThree.value()).isEqualTo("63" + suffix);
		assertThat(onThree.suffix()).isEqualTo(suffix).isEqualTo(onSixtyThree.suffix());
		assertThat(onThree.shard()).isEqualTo(new VirtualShard(3));
		assertThat(onSixtyThree.shard()).isEqualTo(new VirtualShard(63));
	}

	@Test
	void withSuffixRefusesInvalidSuffix() {
		assertThatIllegalArgumentException().isThrownBy(() -> BindingId.withSuffix(new VirtualShard(1), "short"));
		assertThatIllegalArgumentException()
			.isThrownBy(() -> BindingId.withSuffix(new VirtualShard(1), "abcdefghjkmnpq"));
	}

	@Test
	void parsesAValidString() {
		BindingId id = new BindingId("420123456789ABCD");

		assertThat(id.shard()).isEqualTo(new VirtualShard(42));
		assertThat(id.suffix()).isEqualTo("0123456789ABCD");
		assertThat(BindingId.isValid("420123456789ABCD")).isTrue();
	}

	@Test
	void theHandCheckAgreesWithTheFormatOnGeneratedStrings() {
		// valid ids with one character replaced by any of the first 300 code points,
		// shard tags 00-99, lengths 15-17: the check by hand must say what the regular
		// expression and the shard count say
		java.util.Random random = new java.util.Random(20261130);
		java.util.regex.Pattern format = java.util.regex.Pattern.compile(FORMAT);
		int valid = 0;
		for (int n = 0; n < 200_000; n++) {
			StringBuilder candidate = new StringBuilder(String.format("%02d", random.nextInt(100)))
				.append(BindingId.randomSuffix());
			switch (random.nextInt(4)) {
				case 0 -> candidate.setCharAt(random.nextInt(16), (char) random.nextInt(300));
				case 1 -> candidate.deleteCharAt(random.nextInt(16));
				case 2 -> candidate.insert(random.nextInt(17), (char) random.nextInt(128));
				default -> {
				}
			}
			String value = candidate.toString();
			boolean expected = format.matcher(value).matches()
					&& Integer.parseInt(value.substring(0, 2)) < VirtualShard.COUNT;
			valid += expected ? 1 : 0;
			assertThat(BindingId.isValid(value)).as(value).isEqualTo(expected);
		}
		assertThat(valid).as("both answers occur").isBetween(20_000, 180_000);
	}

	@ParameterizedTest
	@NullSource
	@ValueSource(strings = { "", "00", "0123456789ABCD", "640123456789ABCD", "990123456789ABCD", "0A0123456789ABCD",
			"000123456789abcd", "000123456789ABCI", "000123456789ABCL", "000123456789ABCO", "000123456789ABCU",
			"000123456789ABC", "000123456789ABCDE", " 00123456789ABCD", "00-123456789ABCD" })
	void refusesInvalidStrings(String value) {
		assertThat(BindingId.isValid(value)).isFalse();
		assertThatIllegalArgumentException().isThrownBy(() -> new BindingId(value));
	}

}
