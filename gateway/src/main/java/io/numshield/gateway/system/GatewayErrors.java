package io.numshield.gateway.system;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.stereotype.Controller;

/**
 * What Spring sends to {@code /error} (a {@code sendError} of its own, such as 405 for a method
 * the gateway's own controller does not serve, or an exception thrown past every handler) is the
 * contract's problem document, never Spring's {@code {"timestamp":…,"error":…}} JSON or its HTML
 * page: this controller takes the place of Spring Boot's {@code BasicErrorController}. A request
 * for {@code /error} itself is 404 NOT_FOUND.
 */
@Controller
class GatewayErrors implements ErrorController {

	private static final Logger log = LoggerFactory.getLogger(GatewayErrors.class);

	/** The contract's code for a status the gateway did not choose itself. */
	static String codeOf(int status) {
		return switch (status) {
			case 401 -> "UNAUTHENTICATED";
			case 403 -> "FORBIDDEN";
			case 404 -> "NOT_FOUND";
			default -> status >= 500 ? "INTERNAL_ERROR" : "VALIDATION_FAILED";
		};
	}

	/** The detail for a status the gateway did not choose itself: its reason, nothing of the request. */
	static String detailOf(int status) {
		if (status == 404) {
			return "no such path in the NumShield API";
		}
		org.springframework.http.HttpStatus known = org.springframework.http.HttpStatus.resolve(status);
		return status >= 500 ? "unexpected failure; it has been logged"
				: "the request is not well formed: " + (known == null ? "refused" : known.getReasonPhrase());
	}

	@RequestMapping("${server.error.path:${error.path:/error}}")
	ResponseEntity<String> error(HttpServletRequest request) {
		Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
		int status = code instanceof Integer value && value >= 400 ? value : 404;
		Object failure = request.getAttribute(RequestDispatcher.ERROR_EXCEPTION);
		Object uri = request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
		String instance = uri instanceof String path ? path : request.getRequestURI();
		if (status >= 500) {
			log.error("unexpected failure on {} {}", request.getMethod(), instance,
					failure instanceof Throwable thrown ? thrown : null);
		}
		return ResponseEntity.status(status)
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.body(GatewayProblems.json(status, codeOf(status), detailOf(status), instance));
	}
}
