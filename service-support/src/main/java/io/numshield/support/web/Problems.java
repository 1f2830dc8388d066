package io.numshield.support.web;

import jakarta.servlet.http.HttpServletResponse;

import io.numshield.support.trace.RequestTrace;

import java.io.IOException;
import java.net.URI;
import java.util.Map;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;

/**
 * Builds the contract's problem documents: type
 * {@code https://numshield.io/problems/<code>}. The one writer of them for the whole
 * platform (ADR 0017): the services' advice, error controller, security chain and hot
 * paths, and the gateway's edge, all write through here.
 */
public final class Problems {

	public static final String TYPE_BASE = "https://numshield.io/problems/";

	private Problems() {
	}

	public static ProblemDetail of(HttpStatus status, String code, String detail, String instance) {
		return of(status, code, detail, instance, RequestTrace.traceId());
	}

	/** {@link #of(HttpStatus, String, String, String)} with the trace id given. */
	public static ProblemDetail of(HttpStatus status, String code, String detail, String instance, String traceId) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
		problem.setType(URI.create(TYPE_BASE + code.toLowerCase().replace('_', '-')));
		problem.setTitle(title(code));
		if (instance != null) {
			problem.setInstance(URI.create(instance));
		}
		problem.setProperty("code", code);
		problem.setProperty("traceId", traceId);
		return problem;
	}

	private static String title(String code) {
		String words = code.toLowerCase().replace('_', ' ');
		return Character.toUpperCase(words.charAt(0)) + words.substring(1);
	}

	/**
	 * JSON of a problem for places outside MVC (security filters, the routing hot path).
	 * The detail is escaped as JSON (a Bean Validation message quotes its pattern); it
	 * must still name no request content. Quotes are dropped from the instance, as
	 * before.
	 */
	public static String json(HttpStatus status, String code, String detail, String instance) {
		return json(status.value(), code, detail, instance);
	}

	/**
	 * {@link #json(HttpStatus, String, String, String)} for a status held as a number
	 * (the gateway's refusals); no instance: {@code ""}.
	 */
	public static String json(int status, String code, String detail, String instance) {
		return json(status, code, detail, instance, RequestTrace.traceId());
	}

	/**
	 * {@link #json(int, String, String, String)} with the trace id given: a hot path's,
	 * answered on whichever thread.
	 */
	public static String json(int status, String code, String detail, String instance, String traceId) {
		return json(status, code, detail, instance, traceId, Map.of());
	}

	/**
	 * {@link #json(int, String, String, String, String)} with extension members after
	 * {@code traceId} (a {@code Refusal}'s).
	 */
	public static String json(int status, String code, String detail, String instance, String traceId,
			Map<String, String> extensions) {
		StringBuilder members = new StringBuilder();
		extensions.forEach((name, value) -> members.append(",\"")
			.append(escaped(name))
			.append("\":\"")
			.append(escaped(value))
			.append('"'));
		return "{\"type\":\"" + TYPE_BASE + code.toLowerCase().replace('_', '-') + "\",\"title\":\"" + title(code)
				+ "\",\"status\":" + status + ",\"detail\":\"" + escaped(detail) + "\",\"instance\":\""
				+ (instance == null ? "" : escaped(instance.replace("\"", ""))) + "\",\"code\":\"" + code
				+ "\",\"traceId\":\"" + traceId + "\"" + members + "}";
	}

	/**
	 * Writes the problem as the whole answer, in UTF-8: for filters that answer before
	 * any controller.
	 */
	public static void write(HttpServletResponse response, int status, String code, String detail, String instance)
			throws IOException {
		write(response, status, code, detail, instance, RequestTrace.traceId());
	}

	/**
	 * {@link #write(HttpServletResponse, int, String, String, String)} with the trace id
	 * given.
	 */
	public static void write(HttpServletResponse response, int status, String code, String detail, String instance,
			String traceId) throws IOException {
		response.setStatus(status);
		response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
		response.setCharacterEncoding("UTF-8");
		response.getWriter().write(json(status, code, detail, instance, traceId));
	}

	/**
	 * The answer to a failure that {@link StoreUnavailable} classifies as a store that
	 * did not answer: 503 {@code STORE_UNAVAILABLE} with {@code Retry-After}, so that the
	 * caller tries again.
	 */
	public static void writeStoreUnavailable(HttpServletResponse response, String instance, String traceId)
			throws IOException {
		response.setHeader("Retry-After", Long.toString(StoreUnavailable.RETRY_AFTER.toSeconds()));
		write(response, HttpStatus.SERVICE_UNAVAILABLE.value(), StoreUnavailable.CODE, StoreUnavailable.DETAIL,
				instance, traceId);
	}

	/**
	 * {@code text} as the inside of a JSON string: quotes, backslashes and control
	 * characters escaped.
	 */
	private static String escaped(String text) {
		StringBuilder out = null;
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			if (c == '"' || c == '\\' || c < 0x20) {
				if (out == null) {
					out = new StringBuilder(text.length() + 8).append(text, 0, i);
				}
				out.append(c == '"' || c == '\\' ? "\\" + c : String.format("\\u%04x", (int) c));
			}
			else if (out != null) {
				out.append(c);
			}
		}
		return out == null ? text : out.toString();
	}

}
