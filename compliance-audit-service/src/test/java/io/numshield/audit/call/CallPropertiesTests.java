package io.numshield.audit.call;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.time.Duration;
import java.time.Period;

import org.junit.jupiter.api.Test;

/** Call records are kept at least 6 months; a recording link lives at most an hour. */
class CallPropertiesTests {

	@Test
	void refusesARetentionUnderSixMonths() {
		assertThatIllegalArgumentException().isThrownBy(() -> properties(Period.ofMonths(5), Duration.ofMinutes(5)))
			.withMessageContaining("numshield.audit.calls.retention");
		assertThat(properties(Period.ofMonths(6), Duration.ofMinutes(5)).retention()).isEqualTo(Period.ofMonths(6));
	}

	@Test
	void refusesALinkLifetimeOfNothingOrOverAnHour() {
		assertThatIllegalArgumentException().isThrownBy(() -> properties(Period.ofMonths(6), Duration.ZERO))
			.withMessageContaining("link-lifetime");
		assertThatIllegalArgumentException().isThrownBy(() -> properties(Period.ofMonths(6), Duration.ofMinutes(61)))
			.withMessageContaining("link-lifetime");
	}

	private static CallProperties properties(Period retention, Duration lifetime) {
		return new CallProperties(retention, 200, lifetime, "http://127.0.0.1:8080", null, null, null);
	}

}
