package io.numshield.core.number;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class FreeTextTests {

	@Test
	void masksLongDigitRunsAndKeepsTheRest() {
		String number = PhoneNumberFixtures.mobile(7);
		assertThat(FreeText.masked("complaint about " + number + ", case 123456"))
			.isEqualTo("complaint about 138****0007, case 123456")
			.isEqualTo("complaint about " + RealNumber.parse(number).masked() + ", case 123456");
		assertThat(FreeText.masked("ticket 1234567")).isEqualTo("ticket *******");
		assertThat(FreeText.masked(null)).isNull();
	}

	@Test
	void masksANumberWrittenWithSpacesOrAPrefixAsABlocklistReasonMightQuoteIt() {
		String number = PhoneNumberFixtures.mobile(8);
		String spaced = number.substring(0, 3) + " " + number.substring(3, 7) + "-" + number.substring(7);
		assertThat(FreeText.masked("reported: +86 " + spaced))
			.isEqualTo("reported: +86 " + RealNumber.parse(number).masked());
		assertThat(FreeText.masked("on 2026-11-29")).isEqualTo("on 2026-11-29");
	}

}
