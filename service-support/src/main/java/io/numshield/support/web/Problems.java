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

	/** JSON of a problem for places outside MVC (security filters). Only safe, fixed strings go in. */
	public static String json(HttpStatus status, String code, String detail, String instance) {
		return "{\"type\":\"" + TYPE_BASE + code.toLowerCase().replace('_', '-') + "\",\"title\":\"" + title(code)
				+ "\",\"status\":" + status.value() + ",\"detail\":\"" + detail + "\",\"instance\":\""
				+ instance.replace("\"", "") + "\",\"code\":\"" + code + "\"}";
	}
}
