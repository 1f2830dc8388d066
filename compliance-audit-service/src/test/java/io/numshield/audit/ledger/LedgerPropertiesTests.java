package io.numshield.audit.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Period;

import org.junit.jupiter.api.Test;

class LedgerPropertiesTests {

	@Test
	void refusesARetentionUnderSixMonths() {
		assertThatThrownBy(
				() -> new LedgerProperties(Period.ofMonths(5), 3, Duration.ofHours(1), Duration.ofSeconds(10)))
			.isInstanceOf(IllegalArgumentException.class)
			.hasMessageContaining("under 6 months");
		assertThatThrownBy(
				() -> new LedgerProperties(Period.ofDays(170), 3, Duration.ofHours(1), Duration.ofSeconds(10)))
			.isInstanceOf(IllegalArgumentException.class);
	}

	@Test
	void acceptsSixMonthsAndMore() {
		assertThat(new LedgerProperties(Period.ofMonths(6), 3, Duration.ofHours(1), Duration.ofSeconds(10)).retention())
			.isEqualTo(Period.ofMonths(6));
		assertThat(new LedgerProperties(Period.ofYears(2), 3, Duration.ofHours(1), Duration.ofSeconds(10)).retention()
			.toTotalMonths()).isEqualTo(24);
	}

}
