package io.numshield.support.web;

import java.net.URI;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;

/** Builds the contract's problem documents: type {@code https://numshield.io/problems/<code>}. */
public final class Problems {

	public static final String TYPE_BASE = "https://numshield.io/problems/";

	private Problems() {
	}

	public static ProblemDetail of(HttpStatus status, String code, String detail, String instance) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
		problem.setType(URI.create(TYPE_BASE + code.toLowerCase().replace('_', '-')));
		problem.setTitle(title(code));
		if (instance != null) {
			problem.setInstance(URI.create(instance));
		}
		problem.setProperty("code", code);
		return problem;
	}

	private static String title(String code) {
		String words = code.toLowerCase().replace('_', ' ');
		return Character.toUpperCase(words.charAt(0)) + words.substring(1);
	}

	/**
	 * JSON of a problem for places outside MVC (security filters, the routing hot path). The detail is
	 * escaped as JSON (a Bean Validation message quotes its pattern); it must still name no request
	 * content. Quotes are dropped from the instance, as before.
	 */
	public static String json(HttpStatus status, String code, String detail, String instance) {
		return "{\"type\":\"" + TYPE_BASE + code.toLowerCase().replace('_', '-') + "\",\"title\":\"" + title(code)
				+ "\",\"status\":" + status.value() + ",\"detail\":\"" + escaped(detail) + "\",\"instance\":\""
				+ escaped(instance.replace("\"", "")) + "\",\"code\":\"" + code + "\"}";
	}

	/** {@code text} as the inside of a JSON string: quotes, backslashes and control characters escaped. */
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
