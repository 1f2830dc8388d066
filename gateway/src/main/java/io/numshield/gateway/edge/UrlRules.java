package io.numshield.gateway.edge;

import java.util.Locale;

/**
 * The shape of a URL the edge forwards, checked on the raw request target before anything
 * else: an encoded slash ({@code %2F}), backslash ({@code %5C}, {@code \}) or dot
 * ({@code %2E}) in the path, or a {@code .}/{@code ..} segment, would let a path mean one
 * thing to the signature and the route table and another to a service once decoded and
 * normalised, so it is refused, never forwarded. Limits bound what a stranger can make
 * the edge parse: no operation of the API needs a path near {@value #MAX_PATH}
 * characters, a query near {@value #MAX_QUERY}, or more than {@value #MAX_PARAMETERS}
 * parameters (the most any operation takes is seven).
 */
final class UrlRules {

	static final int MAX_PATH = 2048;

	static final int MAX_QUERY = 4096;

	static final int MAX_PARAMETERS = 32;

	/** What is wrong with a request's URL: the status to answer and why. */
	record Violation(int status, String detail) {
	}

	private UrlRules() {
	}

	/** Why the raw path and query are refused, or {@code null}. */
	static Violation violation(String rawPath, String rawQuery) {
		if (rawPath.length() > MAX_PATH) {
			return new Violation(414, "the path is longer than " + MAX_PATH + " characters");
		}
		if (rawQuery != null && rawQuery.length() > MAX_QUERY) {
			return new Violation(414, "the query is longer than " + MAX_QUERY + " characters");
		}
		if (!plainPath(rawPath)) {
			return new Violation(400, "the path holds an encoded slash, backslash or dot segment");
		}
		if (rawQuery != null && parameters(rawQuery) > MAX_PARAMETERS) {
			return new Violation(400, "the query has more than " + MAX_PARAMETERS + " parameters");
		}
		return null;
	}

	private static boolean plainPath(String rawPath) {
		String lower = rawPath.toLowerCase(Locale.ROOT);
		if (lower.contains("%2f") || lower.contains("%5c") || lower.contains("%2e") || lower.indexOf('\\') >= 0) {
			return false;
		}
		for (String segment : rawPath.split("/", -1)) {
			String name = segment.indexOf(';') < 0 ? segment : segment.substring(0, segment.indexOf(';'));
			if (name.equals(".") || name.equals("..")) {
				return false;
			}
		}
		return true;
	}

	private static int parameters(String rawQuery) {
		int count = 1;
		for (int i = 0; i < rawQuery.length(); i++) {
			if (rawQuery.charAt(i) == '&') {
				count++;
			}
		}
		return count;
	}

}
