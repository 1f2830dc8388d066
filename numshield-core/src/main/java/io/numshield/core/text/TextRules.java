package io.numshield.core.text;

/**
 * The rule for every string a client sends (JSON fields, query parameters): no control
 * characters (C0 including NUL, tab and line breaks, DEL, C1), no lone surrogate halves,
 * and not longer than {@value #MAX_LENGTH} characters. PostgreSQL refuses NUL in text,
 * Redis and the logs would carry the rest as they are; a request holding one is refused
 * where it enters, naming the field, and changes nothing.
 */
public final class TextRules {

	/**
	 * The longest string any field may hold; fields have tighter limits of their own
	 * (Bean Validation).
	 */
	public static final int MAX_LENGTH = 4096;

	private TextRules() {
	}

	/**
	 * Why {@code text} is refused, or {@code null} when it is acceptable. Never quotes
	 * the text.
	 */
	public static String violation(String text) {
		if (text == null) {
			return null;
		}
		if (text.length() > MAX_LENGTH) {
			return "is longer than " + MAX_LENGTH + " characters";
		}
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			if (c < 0x20 || (c >= 0x7f && c <= 0x9f)) {
				return "holds a control character (U+" + String.format("%04X", (int) c) + ") at position " + i;
			}
			if (Character.isHighSurrogate(c)) {
				if (i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
					i++;
					continue;
				}
				return "holds a lone surrogate at position " + i;
			}
			if (Character.isLowSurrogate(c)) {
				return "holds a lone surrogate at position " + i;
			}
		}
		return null;
	}

}
