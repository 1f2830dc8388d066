package io.numshield.audit.query;

import io.numshield.audit.ledger.Ledger;
import io.numshield.audit.ledger.LedgerEntry;
import io.numshield.core.event.EventType;
import io.numshield.support.security.CallerIdentity;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.springframework.stereotype.Component;

import tools.jackson.databind.ObjectMapper;

/**
 * Writes the ACCESS entry of a regulator's look-up into the ledger, in the transaction that reads
 * the answer: no full number leaves the service unless its look-up is recorded. An export is
 * recorded the same way, with the number of entries it holds. The stated reason is kept, with
 * anything that looks like a phone number masked (a reason may quote one, written in any of the
 * ways people write numbers).
 */
@Component
class AccessLog {

	/**
	 * A number as people write it: at least 7 digits (ASCII or full-width), each at most three
	 * separators (spaces, dashes, dots, brackets, ASCII or full-width) from the next, perhaps after
	 * a plus sign ({@code +86}, {@code （+86）}); {@code 0086} is digits like the rest.
	 */
	private static final Pattern NUMBER = Pattern
		.compile("[+\\uFF0B]?[0-9\\uFF10-\\uFF19](?:[\\s\\-.()\\[\\]\\uFF08\\uFF09\\uFF0D\\uFF0E\\u3000]{0,3}[0-9\\uFF10-\\uFF19]){6,}");

	/** A calendar date (2026-11-29, 2026.11.29, 2026/11/29) is not a number to hide. */
	private static final Pattern DATE = Pattern.compile("\\d{4}[-./]\\d{1,2}[-./]\\d{1,2}");

	private final Ledger ledger;

	private final Clock clock;

	private final ObjectMapper json;

	AccessLog(Ledger ledger, Clock clock, ObjectMapper json) {
		this.ledger = ledger;
		this.clock = clock;
		this.json = json;
	}

	void record(CallerIdentity caller, String query, String reason, String virtualNumber, String partyIndex,
			Map<String, String> criteria, List<Holder> answer) {
		Map<String, Object> details = new TreeMap<>(criteria);
		details.put("holders", answer.size());
		details.put("bindingIds", answer.stream().map(Holder::bindingId).distinct().toList());
		append(caller, query, reason, virtualNumber, partyIndex, details);
	}

	/** An export: the question and how many entries it answers (masked entries, but the whole ledger's story). */
	void recordExport(CallerIdentity caller, String reason, String virtualNumber, Map<String, String> criteria, long rows) {
		Map<String, Object> details = new TreeMap<>(criteria);
		details.put("rows", rows);
		append(caller, "events", reason, virtualNumber, null, details);
	}

	private void append(CallerIdentity caller, String query, String reason, String virtualNumber, String partyIndex,
			Map<String, Object> details) {
		details.put("query", query);
		details.put("principal", caller.subject());
		details.put("role", caller.role().name());
		details.put("reason", maskNumbers(reason));
		ledger.append(List.of(new LedgerEntry("access:" + UUID.randomUUID(), EventType.ACCESS.name(), clock.instant(),
				null, null, null, virtualNumber, null, null, partyIndex, null, null, json.writeValueAsString(details))));
	}

	/**
	 * Masks every number in a free text: its digits (full-width ones read as ASCII), without the
	 * {@code 86} / {@code 0086} country prefix, become {@code 138****0001} (11 or more digits: first
	 * three and last four kept) or all stars (7 to 10 digits); a {@code +86} prefix stays as
	 * {@code +86 }. Dates are left alone.
	 */
	static String maskNumbers(String text) {
		Matcher m = NUMBER.matcher(text);
		StringBuilder out = new StringBuilder();
		while (m.find()) {
			String found = m.group();
			StringBuilder digits = new StringBuilder();
			found.codePoints().filter(c -> Character.isDigit(c)).forEach(c -> digits.append(Character.digit(c, 10)));
			if (DATE.matcher(ascii(found)).matches()) {
				m.appendReplacement(out, Matcher.quoteReplacement(found));
				continue;
			}
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
