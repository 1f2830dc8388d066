package io.numshield.core.number;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Supplier;

import org.junit.jupiter.api.Test;

/**
 * Proves {@link MobilePrefixes} against libphonenumber itself, so that a metadata update
 * that moves where a mobile's validity is decided fails here rather than answering
 * wrongly: over every prefix of {@link MobilePrefixes#DEPTH} digits (10,000 prefixes
 * {@code 1dddd}), libphonenumber's verdict on the all-zero and all-nine completions and
 * on random ones is the prefix's, and the fast answer of {@link RealNumber#parse} equals
 * the full parse for each of them, and for one of them in every other written form the
 * fast path takes ({@code +86}, {@code 86}, {@code 0086}). The numbers are generated and
 * compared in memory only; a failure names the prefix and the seed, never a whole number.
 */
class MobilePrefixesTests {

	private static final int PREFIXES = 10_000;

	private static final int RANDOM_COMPLETIONS = 3;

	@Test
	void everyPrefixOfTheDepthIsDecidedWhateverFollowsAndTheFastPathAgreesWithLibphonenumber() {
		long seed = System.nanoTime();
		SplittableRandom random = new SplittableRandom(seed);
		int vouched = 0;
		int compared = 0;
		List<String> disagreements = new ArrayList<>();
		for (int prefix = 0; prefix < PREFIXES; prefix++) {
			boolean verdict = MobilePrefixes.verdict(prefix);
			vouched += verdict ? 1 : 0;
			List<String> completions = completions(prefix, random);
			for (int c = 0; c < completions.size(); c++) {
				String national = completions.get(c);
				String full = outcome(() -> RealNumber.parseWithLibphonenumber(national));
				if (full.startsWith("+86" + national + " " + national + " ") != verdict) {
					disagreements.add("prefix 1%04d: a completion does not share its verdict".formatted(prefix));
				}
				// every completion in national form, the first random one in each other
				// form (a full parse costs ~25 µs); by position, since two completions
				// may draw the same digits
				for (String form : c == 2 ? forms(national) : List.of(national)) {
					String expected = form.equals(national) ? full
							: outcome(() -> RealNumber.parseWithLibphonenumber(form));
					if (!outcome(() -> RealNumber.parse(form)).equals(expected)) {
						disagreements.add("prefix 1%04d: fast and full paths disagree".formatted(prefix));
					}
					compared++;
				}
			}
			if (MobilePrefixes.vouchesFor(prefix) != verdict) {
				disagreements.add("prefix 1%04d: the table does not hold its verdict".formatted(prefix));
			}
		}
		assertThat(disagreements).as("seed %d", seed).isEmpty();
		// libphonenumber 9.0.19: 520 three-digit series (13x, 145, 15x ...) and 1740[0-5]
		assertThat(vouched).as("prefixes vouched for").isGreaterThan(5_000);
		assertThat(compared).isEqualTo(PREFIXES * (2 + RANDOM_COMPLETIONS + 3));
	}

	@Test
	void theDepthIsWhereLibphonenumberDecidesNotShallower() {
		// some prefix one digit shorter holds both valid and invalid mobiles (1740[0-5]
		// today)
		boolean mixed = false;
		for (int shorter = 0; shorter < PREFIXES / 10 && !mixed; shorter++) {
			boolean first = MobilePrefixes.verdict(shorter * 10);
			for (int last = 1; last < 10; last++) {
				mixed |= MobilePrefixes.verdict(shorter * 10 + last) != first;
			}
		}
		assertThat(mixed).as("a depth of %d would not decide", MobilePrefixes.DEPTH - 1).isTrue();
	}

	@Test
	void separatorsAnywhereGiveTheFullPathsAnswer() {
		long seed = System.nanoTime();
		SplittableRandom random = new SplittableRandom(seed);
		char[] separators = { ' ', '-', '(', ')' };
		List<String> disagreements = new ArrayList<>();
		for (int round = 0; round < 5_000; round++) {
			String national = completions(random.nextInt(PREFIXES), random).get(2);
			List<String> forms = forms(national);
			String form = forms.get(random.nextInt(forms.size()));
			StringBuilder written = new StringBuilder(form);
			int inserts = 1 + random.nextInt(4);
			for (int i = 0; i < inserts; i++) {
				written.insert(random.nextInt(written.length() + 1), separators[random.nextInt(separators.length)]);
			}
			String text = written.toString();
			if (!outcome(() -> RealNumber.parse(text))
				.equals(outcome(() -> RealNumber.parseWithLibphonenumber(text.strip())))) {
				disagreements.add("round %d: fast and full paths disagree".formatted(round));
			}
		}
		assertThat(disagreements).as("seed %d", seed).isEmpty();
	}

	@Test
	void formsOutsideTheFastPathKeepTheirAnswers() {
		String mobile = PhoneNumberFixtures.mobile(42);
		for (String text : List.of("0" + mobile, "+860" + mobile, "+" + mobile, "+0086" + mobile, "86" + mobile + "0",
				mobile + "0", "(" + mobile.substring(0, 3) + ")" + mobile.substring(3), "+86 " + mobile)) {
			assertThat(outcome(() -> RealNumber.parse(text))).as(text)
				.isEqualTo(outcome(() -> RealNumber.parseWithLibphonenumber(text)));
		}
	}

	/** The all-zero and all-nine completions of {@code 1dddd}, then random ones. */
	private static List<String> completions(int prefix, SplittableRandom random) {
		String head = "1" + String.format("%04d", prefix);
		List<String> numbers = new ArrayList<>(2 + RANDOM_COMPLETIONS);
		numbers.add(head + "000000");
		numbers.add(head + "999999");
		for (int i = 0; i < RANDOM_COMPLETIONS; i++) {
			numbers.add(head + String.format("%06d", random.nextInt(1_000_000)));
		}
		return numbers;
	}

	/**
	 * The digit-only forms the fast path answers: national, {@code +86}, {@code 86} and
	 * {@code 0086}.
	 */
	private static List<String> forms(String national) {
		return List.of(national, "+86" + national, "86" + national, "0086" + national);
	}

	/** What a caller sees: the normalised forms, or the refusal's message. */
	private static String outcome(Supplier<RealNumber> parse) {
		try {
			RealNumber number = parse.get();
			return number.e164() + " " + number.national() + " " + number.masked();
		}
		catch (InvalidPhoneNumberException refused) {
			return "refused: " + refused.getMessage();
		}
	}

}
