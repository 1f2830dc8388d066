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
 * the answer: no full number leaves the service unless its look-up is recorded. The stated reason
 * is kept, with any long run of digits masked (a reason may quote a phone number).
 */
@Component
class AccessLog {

	private static final Pattern DIGIT_RUN = Pattern.compile("\\d{7,}");

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
		details.put("query", query);
		details.put("principal", caller.subject());
		details.put("role", caller.role().name());
		details.put("reason", maskDigits(reason));
		details.put("holders", answer.size());
		details.put("bindingIds", answer.stream().map(Holder::bindingId).distinct().toList());
		ledger.append(List.of(new LedgerEntry("access:" + UUID.randomUUID(), EventType.ACCESS.name(), clock.instant(),
				null, null, null, virtualNumber, null, null, partyIndex, null, null, json.writeValueAsString(details))));
	}

	static String maskDigits(String text) {
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
