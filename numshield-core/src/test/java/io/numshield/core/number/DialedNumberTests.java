package io.numshield.core.number;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The dialing forms of an AXE extension (ADR 0022). */
class DialedNumberTests {

	private static final String X = "700123456789012";

	private static final String LEGACY = "17012345678";

	@ParameterizedTest
	@ValueSource(strings = { X + ",0042", X + "#0042", X + "0042", "+86" + X + ",0042", "86" + X + "0042",
			" " + X + ",0042 " })
	void findsTheExtensionAfterTheNumberInEveryForm(String called) {
		DialedNumber dialed = DialedNumber.parse(called, null);
		assertThat(dialed.number().digits()).isEqualTo(X);
		assertThat(dialed.extension()).isEqualTo("0042");
	}

	@Test
	void takesTheExtensionOnItsOwnOrNone() {
		assertThat(DialedNumber.parse(X, "7").extension()).isEqualTo("7");
		assertThat(DialedNumber.parse(X, null).extension()).isNull();
		assertThat(DialedNumber.parse(X, null).extensionOrEmpty()).isEmpty();
		assertThat(DialedNumber.parse("+86" + X, null).number().digits()).isEqualTo(X);
		assertThat(DialedNumber.parse(X + ",0042", "0042").extension()).isEqualTo("0042");
		DialedNumber legacy = DialedNumber.parse(LEGACY + "0042", null);
		assertThat(legacy.number().digits()).isEqualTo(LEGACY);
		assertThat(legacy.extension()).isEqualTo("0042");
		assertThat(DialedNumber.parse(LEGACY, null).extension()).isNull();
	}

	@ParameterizedTest
	@ValueSource(
			strings = { X + ",", X + ",12a", X + ",1234567", X + "1234567", X + "#", "12345,0042", "70012345678,0042" })
	void refusesWhatIsNoNumberAndExtension(String called) {
		assertThatExceptionOfType(InvalidVirtualNumberException.class)
			.isThrownBy(() -> DialedNumber.parse(called, null));
	}

	@Test
	void refusesTwoDifferentExtensionsAndAMalformedOne() {
		assertThatExceptionOfType(InvalidVirtualNumberException.class)
			.isThrownBy(() -> DialedNumber.parse(X + ",0042", "0043"));
		assertThatExceptionOfType(InvalidVirtualNumberException.class).isThrownBy(() -> DialedNumber.parse(X, ""));
		assertThatExceptionOfType(InvalidVirtualNumberException.class).isThrownBy(() -> DialedNumber.parse(null, "1"));
	}

}
