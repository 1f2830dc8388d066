package io.numshield.audit.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.numshield.core.problem.ProblemCode;
import io.numshield.core.problem.Refusal;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

/** The one reading of a question's [from, to) that every audit endpoint shares. */
class QueryRangeTests {

	private static final Duration SPAN = Duration.ofDays(31);

	@Test
	void readsInstantsWithAnyOffset() {
		QueryRange range = QueryRange.bounded("2026-11-29T10:00:00+08:00", "2026-11-30T00:00:00Z", SPAN);
		assertThat(range.from()).isEqualTo(Instant.parse("2026-11-29T02:00:00Z"));
		assertThat(range.to()).isEqualTo(Instant.parse("2026-11-30T00:00:00Z"));
	}

	@Test
	void refusesWhatIsMissingUnorderedTooLongOrNotAnInstant() {
		assertRefused(() -> QueryRange.bounded(null, "2026-11-30T00:00:00Z", SPAN),
				"from and to are required (at most 31 days apart");
		assertRefused(() -> QueryRange.bounded("2026-11-30T00:00:00Z", "2026-11-30T00:00:00Z", SPAN),
				"from must be before to");
		assertRefused(() -> QueryRange.bounded("2026-10-01T00:00:00Z", "2026-11-30T00:00:00Z", SPAN),
				"at most 31 days apart (numshield.audit.query.max-span = PT744H)");
		assertRefused(() -> QueryRange.ordered("2026-11-30", "2026-12-01T00:00:00Z"),
				"from is an ISO-8601 instant with offset");
		assertRefused(() -> QueryRange.ordered("2026-11-30T00:00:00Z", "2026-12-01T00:00:00"),
				"to is an ISO-8601 instant with offset");
		// ordered alone takes any length
		assertThat(QueryRange.ordered("2025-01-01T00:00:00Z", "2026-12-01T00:00:00Z").from())
			.isEqualTo(Instant.parse("2025-01-01T00:00:00Z"));
	}

	private static void assertRefused(Runnable question, String detail) {
		assertThatThrownBy(question::run).isInstanceOf(Refusal.class)
			.hasMessageContaining(detail)
			.satisfies(ex -> assertThat(((Refusal) ex).code()).isEqualTo(ProblemCode.VALIDATION_FAILED));
	}

}
