package io.numshield.audit.query;

import static org.assertj.core.api.Assertions.assertThat;

import io.numshield.core.number.RealNumber;
import io.numshield.testsupport.PhoneFixtures;

import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * The text rules of the answers: reasons lose the numbers they quote however they are
 * written, CSV fields follow RFC 4180 and cannot start a formula.
 */
class QueryTextTests {

	@Test
	void masksANumberQuotedInAReasonAndLeavesShortNumbersAlone() {
		String mobile = PhoneFixtures.mobile();
		assertThat(AccessLog.maskNumbers("complaint 42 about " + mobile + " on day 3"))
			.isEqualTo("complaint 42 about " + RealNumber.parse(mobile).masked() + " on day 3");
		assertThat(AccessLog.maskNumbers("ticket 1234567")).isEqualTo("ticket *******");
		assertThat(AccessLog.maskNumbers("case 123456")).isEqualTo("case 123456");
		assertThat(AccessLog.maskNumbers("call of 2026-11-29 at 10:05")).isEqualTo("call of 2026-11-29 at 10:05");
	}

	@Test
	void masksNumbersWrittenWithSeparatorsPrefixesOrFullWidthDigits() {
		String n = PhoneFixtures.mobile();
		String masked = RealNumber.parse(n).masked();
		String spaced = n.substring(0, 3) + " " + n.substring(3, 7) + " " + n.substring(7);
		String dashed = n.substring(0, 3) + "-" + n.substring(3, 7) + "-" + n.substring(7);
		String dotted = n.substring(0, 3) + "." + n.substring(3, 7) + "." + n.substring(7);
		String bracketed = "(" + n.substring(0, 3) + ") " + n.substring(3, 7) + "-" + n.substring(7);
		String fullWidth = fullWidth(n);
		List<String> written = List.of(n, spaced, dashed, dotted, bracketed, "+86 " + spaced, "+86" + n,
				"+86-" + dashed, "0086 " + spaced, "0086" + n, "(+86) " + dashed, fullWidth, "＋８６ " + fullWidth,
				fullWidth(n.substring(0, 3)) + "－" + fullWidth(n.substring(3, 7)) + "－" + fullWidth(n.substring(7)));
		for (String form : written) {
			String out = AccessLog.maskNumbers("caller says " + form + ", again");
			assertThat(out).as(form).startsWith("caller says ").endsWith(", again").contains(masked);
			assertThat(digitsOf(out)).as(form).doesNotContain(n.substring(3, 7)).doesNotContain(n);
		}
		assertThat(AccessLog.maskNumbers("+86 " + spaced)).isEqualTo("+86 " + masked);
		assertThat(AccessLog.maskNumbers("0086" + n)).isEqualTo("+86 " + masked);
		assertThat(AccessLog.maskNumbers(fullWidth)).isEqualTo(masked);
		String fixed = PhoneFixtures.fixedLine(7);
		assertThat(AccessLog
			.maskNumbers("office (" + fixed.substring(0, 3) + ") " + fixed.substring(3, 7) + " " + fixed.substring(7)))
			.isEqualTo("office (" + RealNumber.parse(fixed).masked());
	}

	@Test
	void quotesCsvFieldsOnlyWhenTheyNeedIt() {
		assertThat(EventExport.csvField("plain")).isEqualTo("plain");
		assertThat(EventExport.csvField(null)).isEmpty();
		assertThat(EventExport.csvField("{\"a\":\"b\",\"c\":1}")).isEqualTo("\"{\"\"a\"\":\"\"b\"\",\"\"c\"\":1}\"");
		assertThat(EventExport.csvField("two\nlines")).isEqualTo("\"two\nlines\"");
	}

	@Test
	void neutralisesCsvCellsThatASpreadsheetWouldTakeForAFormula() {
		assertThat(EventExport.csvField("=HYPERLINK(\"http://x\")")).isEqualTo("\"'=HYPERLINK(\"\"http://x\"\")\"");
		assertThat(EventExport.csvField("+1+1")).isEqualTo("\"'+1+1\"");
		assertThat(EventExport.csvField("-2+3")).isEqualTo("\"'-2+3\"");
		assertThat(EventExport.csvField("@SUM(A1)")).isEqualTo("\"'@SUM(A1)\"");
		assertThat(EventExport.csvField("\t=1")).isEqualTo("\"'\t=1\"");
		assertThat(EventExport.csvField("\r=1")).isEqualTo("\"'\r=1\"");
		assertThat(EventExport.csvField("a=1")).isEqualTo("a=1");
	}

	@Test
	void namesExportColumnsInCamelCase() {
		assertThat(EventExport.camel("party_a_index")).isEqualTo("partyAIndex");
		assertThat(EventExport.camel("hash_version")).isEqualTo("hashVersion");
		assertThat(EventExport.camel("seq")).isEqualTo("seq");
	}

	private static String fullWidth(String digits) {
		StringBuilder out = new StringBuilder();
		digits.chars().forEach(c -> out.append((char) (0xFF10 + c - '0')));
		return out.toString();
	}

	private static String digitsOf(String text) {
		StringBuilder out = new StringBuilder();
		text.codePoints().filter(Character::isDigit).forEach(c -> out.append(Character.digit(c, 10)));
		return out.toString();
	}

}
