package io.numshield.audit.query.web;

import io.numshield.audit.ledger.ChainVerifier;
import io.numshield.audit.ledger.QueryLimiter;
import io.numshield.audit.query.EventExport;
import io.numshield.support.web.Problems;
import jakarta.servlet.http.HttpServletRequest;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * The audit's own refusals of long questions: too many at once is 503 {@code AUDIT_BUSY}
 * with {@code Retry-After}; a range holding more entries than allowed is 400
 * {@code VALIDATION_FAILED} naming the limit.
 */
@RestControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE)
class AuditProblems {

	private static final Logger log = LoggerFactory.getLogger(AuditProblems.class);

	@ExceptionHandler(QueryLimiter.Busy.class)
	ResponseEntity<ProblemDetail> busy(QueryLimiter.Busy ex, HttpServletRequest request) {
		log.warn("503 AUDIT_BUSY {}", request.getRequestURI());
		return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
			.header(HttpHeaders.RETRY_AFTER, Long.toString(Math.max(1, ex.retryAfter().toSeconds())))
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.body(Problems.of(HttpStatus.SERVICE_UNAVAILABLE, "AUDIT_BUSY", ex.getMessage(), request.getRequestURI()));
	}

	@ExceptionHandler({ ChainVerifier.TooManyEntries.class, EventExport.TooManyRows.class })
	ResponseEntity<ProblemDetail> tooLarge(RuntimeException ex, HttpServletRequest request) {
		log.warn("400 VALIDATION_FAILED {}", request.getRequestURI());
		return ResponseEntity.status(HttpStatus.BAD_REQUEST)
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.body(Problems.of(HttpStatus.BAD_REQUEST, "VALIDATION_FAILED", ex.getMessage(), request.getRequestURI()));
	}

}
