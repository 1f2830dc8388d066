package io.numshield.core.number;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Free text that people type (a blocklist reason, a regulator's stated reason) may quote
 * a phone number, however written: with spaces, dashes, dots or brackets between the
 * digits, with a {@code +86} / {@code 0086} prefix, or in full-width digits. Every such
 * number of seven digits or more is masked before the text is stored or sent on: 11
 * digits or more keep their first three and last four digits, as
 * {@link RealNumber#masked()} does; shorter ones are masked whole; a country prefix stays
 * as {@code +86 }. Calendar dates are left alone. The one rule for blocklist reasons
 * (binding-service) and ACCESS reasons (compliance-audit-service).
 */
public final class FreeText {

	private static final Pattern NUMBER = Pattern.compile(
			"[+\\uFF0B]?[0-9\\uFF10-\\uFF19](?:[\\s\\-.()\\[\\]\\uFF08\\uFF09\\uFF0D\\uFF0E\\u3000]{0,3}[0-9\\uFF10-\\uFF19]){6,}");

	/** A calendar date (2026-11-29, 2026.11.29, 2026/11/29) is not a number to hide. */
	private static final Pattern DATE = Pattern.compile("\\d{4}[-./]\\d{1,2}[-./]\\d{1,2}");

	private FreeText() {
	}

	/** The text with every number in it masked; {@code null} stays {@code null}. */
	public static String masked(String text) {
		if (text == null) {
			return null;
		}
		Matcher m = NUMBER.matcher(text);
		StringBuilder out = new StringBuilder();
		while (m.find()) {
			String found = m.group();
			if (DATE.matcher(ascii(found)).matches()) {
				m.appendReplacement(out, Matcher.quoteReplacement(found));
				continue;
			}
			StringBuilder digits = new StringBuilder();
			found.codePoints().filter(Character::isDigit).forEach(c -> digits.append(Character.digit(c, 10)));
			String prefix = "";
			String national = digits.toString();
			boolean plus = found.charAt(0) == '+' || found.charAt(0) == '\uFF0B';
			if (national.startsWith("0086") && national.length() >= 11) {
				prefix = "+86 ";
				national = national.substring(4);
			}
			else if (plus && national.startsWith("86") && national.length() >= 9) {
				prefix = "+86 ";
				national = national.substring(2);
			}
			else if (plus) {
				prefix = "+";
			}
			m.appendReplacement(out, Matcher.quoteReplacement(prefix + mask(national)));
		}
		return m.appendTail(out).toString();
	}

	private static String mask(String digits) {
		return digits.length() < 11 ? "*".repeat(digits.length())
				: digits.substring(0, 3) + "*".repeat(digits.length() - 7) + digits.substring(digits.length() - 4);
	}

	private static String ascii(String text) {
		StringBuilder out = new StringBuilder();
		text.codePoints().forEach(c -> {
			if (c >= 0xFF10 && c <= 0xFF19) {
				out.append((char) ('0' + c - 0xFF10));
			}
			else if (c == 0xFF0D) {
				out.append('-');
			}
			else if (c == 0xFF0E) {
				out.append('.');
			}
			else {
				out.appendCodePoint(c);
			}
		});
		return out.toString();
	}

}
