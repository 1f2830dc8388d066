package io.numshield.gateway.system;

import java.io.IOException;

import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.MediaType;

/**
 * The contract's problem documents (RFC 9457, type {@code https://numshield.io/problems/<code>}),
 * written straight to the servlet response: the edge answers before any controller runs.
 */
public final class GatewayProblems {

	public static final String TYPE_BASE = "https://numshield.io/problems/";

	private GatewayProblems() {
	}

	public static String json(int status, String code, String detail, String instance) {
		String words = code.toLowerCase().replace('_', ' ');
		String title = Character.toUpperCase(words.charAt(0)) + words.substring(1);
		return "{\"type\":\"" + TYPE_BASE + code.toLowerCase().replace('_', '-') + "\",\"title\":\"" + title
				+ "\",\"status\":" + status + ",\"detail\":\"" + escape(detail) + "\",\"instance\":\"" + escape(instance)
				+ "\",\"code\":\"" + code + "\"}";
	}

	public static void write(HttpServletResponse response, int status, String code, String detail, String instance)
			throws IOException {
		response.setStatus(status);
		response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
		response.setCharacterEncoding("UTF-8");
		response.getWriter().write(json(status, code, detail, instance));
	}

	private static String escape(String text) {
		if (text == null) {
			return "";
		}
		StringBuilder out = new StringBuilder(text.length());
		for (char c : text.toCharArray()) {
			switch (c) {
				case '"' -> out.append("\\\"");
				case '\\' -> out.append("\\\\");
				default -> {
					if (c < 0x20) {
						out.append(' ');
					}
					else {
						out.append(c);
					}
				}
			}
		}
		return out.toString();
	}
}
