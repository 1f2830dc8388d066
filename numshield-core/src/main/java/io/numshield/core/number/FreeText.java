package io.numshield.core.number;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Free text that people type (a blocklist reason, a regulator's stated reason) may quote a phone
 * number: every run of seven or more digits is masked before the text is stored or sent on. Runs
 * of 11 digits or more keep their first three and last four digits, as {@link RealNumber#masked()}
 * does; shorter runs are masked whole. The same rule as the audit service's ACCESS entries
 * ({@code AccessLog.maskDigits}).
 */
public final class FreeText {

	private static final Pattern DIGIT_RUN = Pattern.compile("\\d{7,}");

	private FreeText() {
	}

	/** The text with every long digit run masked; {@code null} stays {@code null}. */
	public static String masked(String text) {
		if (text == null) {
			return null;
		}
		Matcher m = DIGIT_RUN.matcher(text);
		StringBuilder out = new StringBuilder();
		while (m.find()) {
			String run = m.group();
			m.appendReplacement(out, run.length() < 11 ? "*".repeat(run.length())
					: run.substring(0, 3) + "*".repeat(run.length() - 7) + run.substring(run.length() - 4));
		}
		return m.appendTail(out).toString();
	}
}
