package io.numshield.support.web;

import io.numshield.core.number.InvalidPhoneNumberException;
import io.numshield.core.number.InvalidVirtualNumberException;
import io.numshield.core.problem.Refusal;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.ConstraintViolationException;

import java.util.stream.Collectors;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.MissingRequestHeaderException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.resource.NoResourceFoundException;

/**
 * Turns every failure into {@code application/problem+json} with the contract's code. 4xx
 * are logged at WARN with the code only (no request data, so no personal data); 5xx at
 * ERROR.
 */
@RestControllerAdvice
public class ProblemAdvice {

	private static final Logger log = LoggerFactory.getLogger(ProblemAdvice.class);

	/**
	 * The detail of a body that is not JSON of the expected shape: nothing of the
	 * parser's message.
	 */
	public static final String UNREADABLE = "the request is not valid JSON of the expected shape";

	/**
	 * A refusal the contract names: the domain's {@link Refusal}, or an
	 * {@link ApiException} (one).
	 */
	@ExceptionHandler(Refusal.class)
	ResponseEntity<ProblemDetail> refusal(Refusal ex, HttpServletRequest request) {
		ResponseEntity<ProblemDetail> answer = respond(HttpStatus.valueOf(ex.status()), ex.code().name(),
				ex.getMessage(), request);
		ex.extensions().forEach(answer.getBody()::setProperty);
		if (ex.retryAfter() != null) {
			return ResponseEntity.status(answer.getStatusCode())
				.headers(answer.getHeaders())
				.header("Retry-After", Long.toString(Math.max(1, ex.retryAfter().toSeconds())))
				.body(answer.getBody());
		}
		return answer;
	}

	@ExceptionHandler(InvalidPhoneNumberException.class)
	ResponseEntity<ProblemDetail> phone(InvalidPhoneNumberException ex, HttpServletRequest request) {
		return respond(HttpStatus.BAD_REQUEST, "INVALID_PHONE_NUMBER", ex.getMessage(), request);
	}

	@ExceptionHandler(InvalidVirtualNumberException.class)
	ResponseEntity<ProblemDetail> virtual(InvalidVirtualNumberException ex, HttpServletRequest request) {
		return respond(HttpStatus.BAD_REQUEST, "INVALID_VIRTUAL_NUMBER", ex.getMessage(), request);
	}

	@ExceptionHandler(MethodArgumentNotValidException.class)
	ResponseEntity<ProblemDetail> invalid(MethodArgumentNotValidException ex, HttpServletRequest request) {
		String detail = ex.getBindingResult()
			.getFieldErrors()
			.stream()
			.map(e -> e.getField() + " " + e.getDefaultMessage())
			.sorted()
			.collect(Collectors.joining("; "));
		return respond(HttpStatus.BAD_REQUEST, "VALIDATION_FAILED", detail.isEmpty() ? "invalid request" : detail,
				request);
	}

	@ExceptionHandler(ConstraintViolationException.class)
	ResponseEntity<ProblemDetail> constraint(ConstraintViolationException ex, HttpServletRequest request) {
		String detail = ex.getConstraintViolations()
			.stream()
			.map(v -> v.getPropertyPath() + " " + v.getMessage())
			.sorted()
			.collect(Collectors.joining("; "));
		return respond(HttpStatus.BAD_REQUEST, "VALIDATION_FAILED", detail, request);
	}

	@ExceptionHandler({ HttpMessageNotReadableException.class, MissingServletRequestParameterException.class,
			MethodArgumentTypeMismatchException.class, MissingRequestHeaderException.class })
	ResponseEntity<ProblemDetail> unreadable(Exception ex, HttpServletRequest request) {
		String textRule = textRuleViolation(ex);
		if (textRule != null) {
			return respond(HttpStatus.BAD_REQUEST, "VALIDATION_FAILED", textRule, request);
		}
		// the parser's message can quote the body, which can hold a phone number: say
		// nothing of it
		return respond(HttpStatus.BAD_REQUEST, "VALIDATION_FAILED", UNREADABLE, request);
	}

	/**
	 * "field reason: the text holds a control character …" when {@link TextRulesModule}
	 * refused a string: its message names no content, only the rule, and the path names
	 * only fields. Public for request paths outside MVC that read bodies with the same
	 * JSON mapper (routing's hot path).
	 */
	public static String textRuleViolation(Throwable ex) {
		return TextRulesModule.violation(ex);
	}

	@ExceptionHandler(HttpMediaTypeNotSupportedException.class)
	ResponseEntity<ProblemDetail> mediaType(HttpMediaTypeNotSupportedException ex, HttpServletRequest request) {
		return respond(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "VALIDATION_FAILED", "send application/json", request);
	}

	@ExceptionHandler(HttpRequestMethodNotSupportedException.class)
	ResponseEntity<ProblemDetail> method(HttpRequestMethodNotSupportedException ex, HttpServletRequest request) {
		return respond(HttpStatus.METHOD_NOT_ALLOWED, "VALIDATION_FAILED", "method not allowed here", request);
	}

	@ExceptionHandler(NoResourceFoundException.class)
	ResponseEntity<ProblemDetail> notFound(NoResourceFoundException ex, HttpServletRequest request) {
		return respond(HttpStatus.NOT_FOUND, "NOT_FOUND", "no such endpoint", request);
	}

	@ExceptionHandler(Exception.class)
	ResponseEntity<ProblemDetail> unexpected(Exception ex, HttpServletRequest request) {
		// Spring's own 4xx (406, 413, ...) keep their status; nothing of the request is
		// echoed
		if (ex instanceof org.springframework.web.ErrorResponse framework
				&& framework.getStatusCode().is4xxClientError()) {
			HttpStatus status = HttpStatus.valueOf(framework.getStatusCode().value());
			return respond(status, "VALIDATION_FAILED", status.getReasonPhrase(), request);
		}
		if (StoreUnavailable.matches(ex)) {
			log.warn("{} {} -> 503 {}: {}", request.getMethod(), request.getRequestURI(), StoreUnavailable.CODE,
					StoreUnavailable.describe(ex));
			return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
				.header("Retry-After", Long.toString(StoreUnavailable.RETRY_AFTER.toSeconds()))
				.contentType(MediaType.APPLICATION_PROBLEM_JSON)
				.body(Problems.of(HttpStatus.SERVICE_UNAVAILABLE, StoreUnavailable.CODE, StoreUnavailable.DETAIL,
						request.getRequestURI()));
		}
		log.error("unexpected failure on {} {}", request.getMethod(), request.getRequestURI(), ex);
		return respond(HttpStatus.INTERNAL_SERVER_ERROR, "INTERNAL_ERROR", "unexpected failure; it has been logged",
				request);
	}

	private ResponseEntity<ProblemDetail> respond(HttpStatus status, String code, String detail,
			HttpServletRequest request) {
		if (status.is4xxClientError()) {
			log.warn("{} {} -> {} {}", request.getMethod(), request.getRequestURI(), status.value(), code);
		}
		return ResponseEntity.status(status)
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.body(Problems.of(status, code, detail, request.getRequestURI()));
	}

}
