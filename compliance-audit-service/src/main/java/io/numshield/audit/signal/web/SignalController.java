package io.numshield.audit.signal.web;

import io.numshield.audit.ledger.QueryProperties;
import io.numshield.audit.ledger.QueryRange;
import io.numshield.audit.signal.SignalKind;
import io.numshield.audit.signal.SignalView;
import io.numshield.audit.signal.Signals;
import io.numshield.core.problem.ProblemCode;
import io.numshield.core.problem.Refusal;
import io.numshield.support.web.ApiException;

import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /v1/audit/signals?from&to&kind&limit&cursor} (REGULATOR, like every
 * {@code /v1/audit/**} path): the fraud signals raised in [from, to), oldest first,
 * paged; {@code GET /v1/audit/signals/{signalId}}: one of them. Masked, so not recorded
 * as an ACCESS entry: opening a case is what reveals numbers.
 */
@RestController
class SignalController {

	static final int MAX_PAGE = 200;

	/**
	 * What {@code SignalDetector} names a signal: sig_ and 28 hex digits of a SHA-256.
	 */
	private static final Pattern SIGNAL_ID = Pattern.compile("sig_[0-9a-f]{28}");

	private final Signals signals;

	private final Duration maxSpan;

	SignalController(Signals signals, QueryProperties limits) {
		this.signals = signals;
		this.maxSpan = limits.maxSpan();
	}

	@GetMapping("/v1/audit/signals")
	Signals.Page list(@RequestParam(required = false) @Nullable String from,
			@RequestParam(required = false) @Nullable String to, @RequestParam(required = false) @Nullable String kind,
			@RequestParam(defaultValue = "50") String limit, @RequestParam(required = false) @Nullable String cursor) {
		QueryRange range = QueryRange.bounded(from, to, maxSpan);
		SignalKind chosen = null;
		if (kind != null && !kind.isBlank()) {
			try {
				chosen = SignalKind.valueOf(kind);
			}
			catch (IllegalArgumentException ex) {
				throw invalid("kind is one of " + List.of(SignalKind.values()));
			}
		}
		int size;
		try {
			size = Integer.parseInt(limit);
		}
		catch (NumberFormatException ex) {
			size = 0;
		}
		if (size < 1 || size > MAX_PAGE) {
			throw invalid("limit is 1.." + MAX_PAGE);
		}
		Signals.Position after;
		try {
			after = Signals.Position.parse(cursor);
		}
		catch (IllegalArgumentException ex) {
			throw invalid("cursor is not one this service gave");
		}
		return signals.raised(range.from(), range.to(), chosen, size, after);
	}

	/** One signal: the webhook's push and the list name it by its id. */
	@GetMapping("/v1/audit/signals/{signalId}")
	SignalView one(@PathVariable String signalId) {
		if (!SIGNAL_ID.matcher(signalId).matches()) {
			throw invalid("signalId is sig_ and 28 lowercase hex digits, as the list and the webhook give it");
		}
		return signals.byId(signalId)
			.orElseThrow(() -> new Refusal(ProblemCode.SIGNAL_NOT_FOUND, "no signal " + signalId));
	}

	private static ApiException invalid(String detail) {
		return new ApiException(HttpStatus.BAD_REQUEST, "VALIDATION_FAILED", detail);
	}

}
