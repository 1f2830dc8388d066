package io.numshield.core.number;

import static io.numshield.core.number.PhoneNumberFixtures.e164;
import static io.numshield.core.number.PhoneNumberFixtures.fixedLine;
import static io.numshield.core.number.PhoneNumberFixtures.mobile;
import static io.numshield.core.number.PhoneNumberFixtures.otherMobile;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class RealNumberTests {

	@Test
	void parsesNationalMobile() {
		String national = mobile(1);

		RealNumber number = RealNumber.parse(national);

		assertThat(number.national()).isEqualTo(national);
		assertThat(number.e164()).isEqualTo(e164(national));
	}

	@Test
	void parsesE164Mobile() {
		String national = otherMobile(2);

		RealNumber number = RealNumber.parse(e164(national));

		assertThat(number.national()).isEqualTo(national);
		assertThat(number.e164()).isEqualTo(e164(national)).startsWith("+86139");
	}

	@Test
	void parsesShanghaiFixedLineWithAreaCode() {
		String national = fixedLine(3);

		RealNumber number = RealNumber.parse(national);

		assertThat(number.national()).isEqualTo(national).startsWith("021");
		assertThat(number.e164()).isEqualTo(e164(national)).startsWith("+8621");
	}

	@Test
	void normalisesEveryWrittenFormToTheSameE164() {
		String national = mobile(4);

		for (String form : PhoneNumberFixtures.forms(national)) {
			assertThat(RealNumber.parse(form).e164()).as(form).isEqualTo(e164(national));
		}
		assertThat(RealNumber.parse(" " + national + " ").e164()).isEqualTo(e164(national));
		assertThat(RealNumber
			.parse(national.substring(0, 3) + " " + national.substring(3, 7) + "-" + national.substring(7))
			.e164()).isEqualTo(e164(national));
		assertThat(RealNumber.parse(fixedLine(4)).e164()).isEqualTo(RealNumber.parse(e164(fixedLine(4))).e164());
	}

	@Test
	void equalNumbersAreEqualWhateverTheInputForm() {
		String national = mobile(5);

		assertThat(RealNumber.parse(national)).isEqualTo(RealNumber.parse(e164(national)))
			.hasSameHashCodeAs(RealNumber.parse(e164(national)));
		assertThat(RealNumber.parse(national)).isNotEqualTo(RealNumber.parse(mobile(6)));
	}

	@Test
	void maskedKeepsFirstThreeAndLastFourOfNationalForm() {
		String mobile = mobile(12345);
		String fixed = fixedLine(6789);

		assertThat(RealNumber.parse(e164(mobile)).masked())
			.isEqualTo(mobile.substring(0, 3) + "****" + mobile.substring(mobile.length() - 4))
			.isEqualTo("138****2345");
		assertThat(RealNumber.parse(fixed).masked())
			.isEqualTo(fixed.substring(0, 3) + "****" + fixed.substring(fixed.length() - 4))
			.isEqualTo("021****6789");
	}

	@Test
	void toStringIsMaskedAndNeverTheFullNumber() {
		String national = mobile(7);
		RealNumber number = RealNumber.parse(national);

		assertThat(number).hasToString(number.masked());
		for (String form : PhoneNumberFixtures.forms(national)) {
			assertThat(number.toString()).doesNotContain(form);
		}
		assertThat(String.valueOf(number)).doesNotContain(national.substring(3, 7));
	}

	@Test
	void fromE164RestoresNormalisedNumber() {
		String national = fixedLine(8);

		assertThat(RealNumber.fromE164(e164(national))).isEqualTo(RealNumber.parse(national));
	}

	@Test
	void fromE164RefusesNationalForm() {
		assertThatExceptionOfType(InvalidPhoneNumberException.class).isThrownBy(() -> RealNumber.fromE164(mobile(9)));
	}

	@ParameterizedTest
	@ValueSource(strings = { "10086", "95555", "12345", "110" })
	void refusesShortCodes(String text) {
		assertRefused(text);
	}

	@ParameterizedTest
	@ValueSource(strings = { "4008001234", "8008101234", "+864008001234" })
	void refusesServiceNumbers(String text) {
		assertRefused(text);
	}

	@ParameterizedTest
	@ValueSource(strings = { "+14155550123", "+442079460000", "+85221234567" })
	void refusesNumbersOfOtherCountries(String text) {
		assertRefused(text);
	}

	@ParameterizedTest
	@NullAndEmptySource
	@ValueSource(strings = { "   ", "abc", "1380000000a", "138O0000001", "+86-138-abc", "tel:13800000001",
			"13800000001;ext=1" })
	void refusesEmptyAndNonDigitInput(String text) {
		assertRefused(text);
	}

	@Test
	void refusesOverlongInput() {
		assertRefused(mobile(10) + mobile(11) + mobile(12));
		assertRefused(mobile(10) + "0");
	}

	@Test
	void refusalMessageNeverEchoesTheInput() {
		String text = mobile(13) + "0";

		assertThatExceptionOfType(InvalidPhoneNumberException.class).isThrownBy(() -> RealNumber.parse(text))
			.withMessageNotContaining(text)
			.withMessageNotContaining(mobile(13));
	}

	@Test
	void aRefusalCarriesNoStackTrace() {
		// thrown per request and logged as one line: filling a stack would be pure cost
		assertThatExceptionOfType(InvalidPhoneNumberException.class).isThrownBy(() -> RealNumber.parse("10086"))
			.satisfies(refused -> assertThat(refused.getStackTrace()).isEmpty());
	}

	private static void assertRefused(String text) {
		assertThatExceptionOfType(InvalidPhoneNumberException.class).as(String.valueOf(text))
			.isThrownBy(() -> RealNumber.parse(text));
	}

	@org.junit.jupiter.params.ParameterizedTest
	@org.junit.jupiter.params.provider.ValueSource(
			strings = { "13800000123", "13900099999", "02160001234", "01012345678", "075588881234", "057112345678" })
	void restoresATrustedNumberExactlyAsParsingWould(String national) {
		RealNumber parsed;
		try {
			parsed = RealNumber.parse(national);
		}
		catch (InvalidPhoneNumberException ex) {
			return; // only numbers libphonenumber accepts can come back from our
					// ciphertext
		}
		RealNumber restored = RealNumber.fromTrustedE164(parsed.e164());
		org.assertj.core.api.Assertions.assertThat(restored).isEqualTo(parsed);
		org.assertj.core.api.Assertions.assertThat(restored.national()).isEqualTo(parsed.national());
		org.assertj.core.api.Assertions.assertThat(restored.masked()).isEqualTo(parsed.masked());
	}

	@Test
	void refusesAnUntrustedShapeWhenRestoring() {
		org.assertj.core.api.Assertions.assertThatThrownBy(() -> RealNumber.fromTrustedE164("13800000123"))
			.isInstanceOf(InvalidPhoneNumberException.class);
		org.assertj.core.api.Assertions.assertThatThrownBy(() -> RealNumber.fromTrustedE164("+1415555"))
			.isInstanceOf(InvalidPhoneNumberException.class);
	}

}
