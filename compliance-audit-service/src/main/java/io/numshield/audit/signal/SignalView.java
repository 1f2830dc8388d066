package io.numshield.audit.signal;

import java.math.BigDecimal;
import java.time.Instant;

import org.jspecify.annotations.Nullable;

import tools.jackson.databind.JsonNode;

/**
 * A signal as regulators see it, in {@code GET /v1/audit/signals} and in the webhook's
 * pushes: masked, never a plain number.
 */
public record SignalView(String signalId, String kind, Instant raisedAt, Window window, Subject subject,
		BigDecimal observed, @Nullable BigDecimal baseline, BigDecimal threshold, String explanation, JsonNode evidence,
		@Nullable Long ledgerSeq) {

	/** The window the figures were counted over: [from, to). */
	public record Window(Instant from, Instant to) {
	}

	/**
	 * Whom it is about: {@code type} PARTY or CALLER ({@code value} the blind index,
	 * {@code masked} the masked number when known), PLATFORM (its id) or VIRTUAL_NUMBER.
	 */
	public record Subject(String type, String value, @Nullable String masked) {
	}

	public static SignalView of(Signal s) {
		return new SignalView(s.signalId(), s.kind().name(), s.raisedAt(), new Window(s.windowFrom(), s.windowTo()),
				new Subject(s.subjectType(), s.subject(), s.subjectMasked()), s.observed(), s.baseline(), s.threshold(),
				s.explanation(), s.evidence(), s.ledgerSeq());
	}

}
