package io.numshield.audit.query;

import static org.assertj.core.api.Assertions.assertThat;

import io.numshield.core.number.RealNumber;
import io.numshield.testsupport.PhoneFixtures;

import org.junit.jupiter.api.Test;

/** The text rules of the answers: reasons lose long digit runs, CSV fields follow RFC 4180. */
class QueryTextTests {

	@Test
	void masksANumberQuotedInAReasonAndLeavesShortNumbersAlone() {
		String mobile = PhoneFixtures.mobile();
		assertThat(AccessLog.maskDigits("complaint 42 about " + mobile + " on day 3"))
			.isEqualTo("complaint 42 about " + RealNumber.parse(mobile).masked() + " on day 3");
		assertThat(AccessLog.maskDigits("ticket 1234567")).isEqualTo("ticket *******");
		assertThat(AccessLog.maskDigits("case 123456")).isEqualTo("case 123456");
	}

	@Test
	void quotesCsvFieldsOnlyWhenTheyNeedIt() {
		assertThat(EventExport.csvField("plain")).isEqualTo("plain");
		assertThat(EventExport.csvField(null)).isEmpty();
		assertThat(EventExport.csvField("{\"a\":\"b\",\"c\":1}")).isEqualTo("\"{\"\"a\"\":\"\"b\"\",\"\"c\"\":1}\"");
		assertThat(EventExport.csvField("two\nlines")).isEqualTo("\"two\nlines\"");
	}
}
