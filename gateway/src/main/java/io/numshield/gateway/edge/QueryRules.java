package io.numshield.gateway.edge;

import io.numshield.core.text.TextRules;

import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.HashSet;
import java.util.Set;

/**
 * A query the gateway forwards must be well formed: every {@code %} starts a two-digit
 * hex escape, the escapes decode to UTF-8, every name and value passes {@link TextRules},
 * and no name is given twice (no operation takes a repeated parameter, and a service
 * would silently use the first). A malformed escape used to reach the proxy, which gave
 * up on it with 503 "the service did not answer".
 */
final class QueryRules {

	private QueryRules() {
	}

	/**
	 * Why the raw query is refused (naming the parameter, never quoting it), or
	 * {@code null}.
	 */
	static String violation(String rawQuery) {
		if (rawQuery == null || rawQuery.isEmpty()) {
			return null;
		}
		Set<String> names = new HashSet<>();
		for (String part : rawQuery.split("&")) {
			if (part.isEmpty()) {
				continue;
			}
			int eq = part.indexOf('=');
			String rawName = eq < 0 ? part : part.substring(0, eq);
			String name = decode(rawName);
			if (name == null) {
				return "the query is not well formed: a malformed percent-escape in a parameter name";
			}
			String nameRule = TextRules.violation(name);
			if (nameRule != null) {
				return "a query parameter's name " + nameRule;
			}
			if (!names.add(name)) {
				return "query parameter " + name + " is given more than once";
			}
			String value = decode(eq < 0 ? "" : part.substring(eq + 1));
			if (value == null) {
				return "query parameter " + name
						+ ": a malformed percent-escape (% must be followed by two hex digits of UTF-8)";
			}
			String valueRule = TextRules.violation(value);
			if (valueRule != null) {
				return "query parameter " + name + ": the text " + valueRule;
			}
		}
		return null;
	}

	/**
	 * RFC 3986 percent-decoding ({@code +} stays a plus); {@code null} for a malformed
	 * escape or bytes that are not UTF-8.
	 */
	private static String decode(String raw) {
		ByteArrayOutputStream bytes = new ByteArrayOutputStream(raw.length());
		for (int i = 0; i < raw.length(); i++) {
			char c = raw.charAt(i);
			if (c == '%') {
				if (i + 2 >= raw.length() || Character.digit(raw.charAt(i + 1), 16) < 0
						|| Character.digit(raw.charAt(i + 2), 16) < 0) {
					return null;
				}
				bytes.write(Character.digit(raw.charAt(i + 1), 16) * 16 + Character.digit(raw.charAt(i + 2), 16));
				i += 2;
			}
			else {
				bytes.writeBytes(String.valueOf(c).getBytes(StandardCharsets.UTF_8));
			}
		}
		try {
			return StandardCharsets.UTF_8.newDecoder()
				.onMalformedInput(CodingErrorAction.REPORT)
				.onUnmappableCharacter(CodingErrorAction.REPORT)
				.decode(ByteBuffer.wrap(bytes.toByteArray()))
				.toString();
		}
		catch (CharacterCodingException ex) {
			return null;
		}
	}

}
