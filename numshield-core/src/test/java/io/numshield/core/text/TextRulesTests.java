package io.numshield.core.text;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TextRulesTests {

	@ParameterizedTest
	@ValueSource(strings = { "case 42", "骑手投诉", "emoji \uD83D\uDE00 fine", "a+b=c&d", "" })
	void acceptsOrdinaryTextInAnyScript(String text) {
		assertThat(TextRules.violation(text)).isNull();
	}

	@ParameterizedTest
	@ValueSource(strings = { "nul\u0000inside", "tab\there", "line\nbreak", "cr\r", "del\u007f", "c1\u0085" })
	void refusesControlCharacters(String text) {
		assertThat(TextRules.violation(text)).startsWith("holds a control character");
	}

	@Test
	void refusesLoneSurrogatesAndOverlongText() {
		assertThat(TextRules.violation("half \uD83D only")).startsWith("holds a lone surrogate");
		assertThat(TextRules.violation("\uDE00 first")).startsWith("holds a lone surrogate");
		assertThat(TextRules.violation("x".repeat(TextRules.MAX_LENGTH + 1))).startsWith("is longer than");
		assertThat(TextRules.violation("x".repeat(TextRules.MAX_LENGTH))).isNull();
	}

	@Test
	void neverQuotesTheText() {
		assertThat(TextRules.violation("13800138000\u0000")).doesNotContain("13800138000");
	}

}
