package io.numshield.audit.signal;

import java.math.BigDecimal;
import java.time.Instant;

import org.jspecify.annotations.Nullable;

import tools.jackson.databind.JsonNode;

/**
 * A raised signal as stored and answered: what was seen (observed), over which window,
 * compared with what (baseline, threshold), in words, and the evidence (binding,
 * platform, order and call ids, virtual numbers; never a plain real number).
 *
 * @param subject the blind index (PARTY, CALLER), the platform id or the virtual number
 * @param subjectMasked the masked real number of a PARTY or CALLER, when known
 * @param ledgerSeq the seq of its {@code SIGNAL_RAISED} ledger entry
 */
public record Signal(String signalId, SignalKind kind, Instant raisedAt, Instant windowFrom, Instant windowTo,
		String subjectType, String subject, @Nullable String subjectMasked, BigDecimal observed,
		@Nullable BigDecimal baseline, BigDecimal threshold, String explanation, JsonNode evidence,
		@Nullable Long ledgerSeq) {
}
