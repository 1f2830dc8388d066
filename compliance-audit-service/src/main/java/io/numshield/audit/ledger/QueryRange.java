package io.numshield.audit.ledger;

import io.numshield.core.problem.ProblemCode;
import io.numshield.core.problem.Refusal;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

import org.jspecify.annotations.Nullable;

/**
 * A question's {@code [from, to)} as its query or body gave it: ISO-8601 instants with an
 * offset, {@code from} before {@code to}, and, where the question reads a range of the
 * ledger, at most {@code numshield.audit.query.max-span} apart. Anything else is 400
 * {@code VALIDATION_FAILED} naming what is wrong, the same words on every endpoint.
 *
 * @param from the first instant in the range
 * @param to the first instant after it
 */
public record QueryRange(Instant from, Instant to) {

	/** Both given, ordered, and no longer than {@code maxSpan}. */
	public static QueryRange bounded(@Nullable String from, @Nullable String to, Duration maxSpan) {
		if (from == null || to == null) {
			throw invalid("from and to are required (at most " + maxSpan.toDays()
					+ " days apart, numshield.audit.query.max-span)");
		}
		QueryRange range = ordered(from, to);
		if (Duration.between(range.from(), range.to()).compareTo(maxSpan) > 0) {
			throw invalid("from and to are at most " + maxSpan.toDays()
					+ " days apart (numshield.audit.query.max-span = " + maxSpan + "): ask for shorter ranges");
		}
		return range;
	}

	/** Both parsed and ordered, of any length. */
	public static QueryRange ordered(String from, String to) {
		Instant start = instant("from", from);
		Instant end = instant("to", to);
		if (!start.isBefore(end)) {
			throw invalid("from must be before to");
		}
		return new QueryRange(start, end);
	}

	/** One instant of a question, {@code name} the parameter that gave it. */
	public static Instant instant(String name, String text) {
		try {
			return OffsetDateTime.parse(text).toInstant();
		}
		catch (DateTimeParseException ex) {
			throw invalid(name + " is an ISO-8601 instant with offset, like 2026-11-29T10:00:00Z");
		}
	}

	private static Refusal invalid(String detail) {
		return new Refusal(ProblemCode.VALIDATION_FAILED, detail);
	}

}
