package io.numshield.audit.signal;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;

import org.junit.jupiter.api.Test;

/**
 * A hit's baseline from its window's totals: the average over the other subjects, to two
 * places as PostgreSQL's {@code round(avg(n), 2)} gives it (half away from zero).
 */
class BaselinesTests {

	@Test
	void leavesTheHitsOwnCountOut() {
		// subjects with 4 (the hit), 3, 2, 1: the others average 2
		assertThat(SignalDetector.Baselines.averageWithout(10, 4, 4L)).isEqualTo(new BigDecimal("2.00"));
	}

	@Test
	void averagesEverySubjectWhenTheHitIsNotAmongThem() {
		assertThat(SignalDetector.Baselines.averageWithout(10, 4, null)).isEqualTo(new BigDecimal("2.50"));
	}

	@Test
	void roundsToTwoPlacesHalfAwayFromZero() {
		assertThat(SignalDetector.Baselines.averageWithout(1, 3, null)).isEqualTo(new BigDecimal("0.33"));
		assertThat(SignalDetector.Baselines.averageWithout(2, 3, null)).isEqualTo(new BigDecimal("0.67"));
		assertThat(SignalDetector.Baselines.averageWithout(1, 8, null)).isEqualTo(new BigDecimal("0.13"));
	}

	@Test
	void hasNoBaselineWithoutOtherSubjects() {
		assertThat(SignalDetector.Baselines.averageWithout(7, 1, 7L)).isNull();
		assertThat(SignalDetector.Baselines.averageWithout(0, 0, null)).isNull();
	}

}
