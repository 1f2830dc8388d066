package io.numshield.support.web;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;

import java.util.LinkedHashMap;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.web.error.ErrorAttributeOptions;
import org.springframework.boot.webmvc.error.DefaultErrorAttributes;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.context.request.ServletWebRequest;
import org.springframework.web.context.request.WebRequest;

/**
 * What reaches {@code /error} (a {@code sendError} outside MVC's handlers, such as Spring
 * Security's firewall refusing a path with {@code ;}, or an exception thrown in a filter)
 * is the contract's problem document, never Spring's
 * {@code {"timestamp":…,"error":…,"path":…}} JSON or its HTML page: this controller takes
 * the place of Spring Boot's {@code BasicErrorController}. A request for {@code /error}
 * itself is 404 NOT_FOUND. An exception that says a store did not answer
 * ({@link StoreUnavailable}) is 503 {@code STORE_UNAVAILABLE} with {@code Retry-After},
 * as in {@link ProblemAdvice}: in the gateway, the edge's filter asks Redis before any
 * handler runs.
 */
@Controller
public class ProblemErrorController implements ErrorController {

	private static final Logger log = LoggerFactory.getLogger(ProblemErrorController.class);

	/** The contract's code for a status no handler chose. */
	static String codeOf(int status) {
		return switch (status) {
			case 401 -> "UNAUTHENTICATED";
			case 403 -> "FORBIDDEN";
			case 404 -> "NOT_FOUND";
			default -> status >= 500 ? "INTERNAL_ERROR" : "VALIDATION_FAILED";
		};
	}

	/** The detail for a status no handler chose: its reason, nothing of the request. */
	static String detailOf(HttpStatus status) {
		if (status == HttpStatus.NOT_FOUND) {
			return "no such endpoint";
		}
		return status.is5xxServerError() ? "unexpected failure; it has been logged"
				: "the request is not well formed: " + status.getReasonPhrase();
	}

	@RequestMapping("${server.error.path:${error.path:/error}}")
	ResponseEntity<ProblemDetail> error(HttpServletRequest request) {
		HttpStatus status = statusOf(request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE));
		Object uri = request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
		String instance = uri instanceof String path ? path : request.getRequestURI();
		Object failure = request.getAttribute(RequestDispatcher.ERROR_EXCEPTION);
		if (status.is5xxServerError() && failure instanceof Throwable thrown && StoreUnavailable.matches(thrown)) {
			// thrown in a filter (the gateway's edge asking Redis): a store away, not our
			// bug, as ProblemAdvice says
			log.warn("{} {} -> 503 {}: {}", request.getMethod(), instance, StoreUnavailable.CODE,
					StoreUnavailable.describe(thrown));
			return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
				.header("Retry-After", Long.toString(StoreUnavailable.RETRY_AFTER.toSeconds()))
				.contentType(MediaType.APPLICATION_PROBLEM_JSON)
				.body(Problems.of(HttpStatus.SERVICE_UNAVAILABLE, StoreUnavailable.CODE, StoreUnavailable.DETAIL,
						instance));
		}
		if (status.is5xxServerError()) {
			log.error("unexpected failure on {} {}", request.getMethod(), instance,
					failure instanceof Throwable thrown ? thrown : null);
		}
		return ResponseEntity.status(status)
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.body(Problems.of(status, codeOf(status.value()), detailOf(status), instance));
	}

	private static HttpStatus statusOf(Object code) {
		HttpStatus status = code instanceof Integer value ? HttpStatus.resolve(value) : null;
		return status == null || !status.isError() ? HttpStatus.NOT_FOUND : status;
	}

	/**
	 * The error attributes as a problem document, for the {@code /error} of a separate
	 * management port (Spring Boot's {@code ManagementErrorEndpoint} writes these
	 * attributes as they are).
	 */
	static class ProblemErrorAttributes extends DefaultErrorAttributes {

		@Override
		public Map<String, Object> getErrorAttributes(WebRequest request, ErrorAttributeOptions options) {
			Map<String, Object> spring = super.getErrorAttributes(request,
					ErrorAttributeOptions.of(ErrorAttributeOptions.Include.PATH));
			HttpStatus status = statusOf(spring.get("status"));
			String code = codeOf(status.value());
			ProblemDetail problem = Problems.of(status, code, detailOf(status), null);
			Map<String, Object> answer = new LinkedHashMap<>();
			answer.put("type", problem.getType().toString());
			answer.put("title", problem.getTitle());
			answer.put("status", status.value());
			answer.put("detail", problem.getDetail());
			answer.put("instance", spring.get("path") == null ? "" : spring.get("path").toString());
			answer.put("code", code);
			if (request instanceof ServletWebRequest servlet && servlet.getResponse() != null) {
				// the endpoint writes a Map: a content type set beforehand is the one the
				// converter keeps
				servlet.getResponse().setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
			}
			return answer;
		}

	}

}
