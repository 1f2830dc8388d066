package io.numshield.audit.query;

import io.numshield.audit.ledger.Ledger;
import io.numshield.audit.ledger.LedgerEntry;
import io.numshield.audit.replica.Freshness;
import io.numshield.audit.replica.Reads.Served;
import io.numshield.core.event.EventType;
import io.numshield.core.number.FreeText;
import io.numshield.support.security.CallerIdentity;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

import org.springframework.stereotype.Component;

import tools.jackson.databind.ObjectMapper;

/**
 * Writes the ACCESS entry of a regulator's look-up into the ledger, in the transaction
 * that reads the answer: no full number leaves the service unless its look-up is
 * recorded. An export is recorded the same way, with the number of entries it holds. The
 * stated reason is kept, with anything that looks like a phone number masked (a reason
 * may quote one, written in any of the ways people write numbers).
 */
@Component
public class AccessLog {

	/**
	 * A number as people write it: at least 7 digits (ASCII or full-width), each at most
	 * three separators (spaces, dashes, dots, brackets, ASCII or full-width) from the
	 * next, perhaps after a plus sign ({@code +86}, {@code （+86）}); {@code 0086} is
	 * digits like the rest.
	 */
	private final Ledger ledger;

	private final Clock clock;

	private final ObjectMapper json;

	AccessLog(Ledger ledger, Clock clock, ObjectMapper json) {
		this.ledger = ledger;
		this.clock = clock;
		this.json = json;
	}

	void record(CallerIdentity caller, String query, String reason, String virtualNumber, String partyIndex,
			Map<String, String> criteria, Served<List<Holder>> answer) {
		record(caller, query, reason, virtualNumber, partyIndex, criteria, answer, List.of());
	}

	/** {@link #record}, with the real-name reports the answer revealed. */
	void record(CallerIdentity caller, String query, String reason, String virtualNumber, String partyIndex,
			Map<String, String> criteria, Served<List<Holder>> answer, List<ReportedIdentity> reports) {
		Map<String, Object> details = new TreeMap<>(criteria);
		if (!reports.isEmpty()) {
			details.put("identityReports", reports.stream().map(ReportedIdentity::reportId).toList());
		}
		details.put("holders", answer.value().size());
		details.put("bindingIds", answer.value().stream().map(Holder::bindingId).distinct().toList());
		freshness(details, answer.freshness());
		append(caller, query, reason, virtualNumber, partyIndex, details);
	}

	/**
	 * An export: the question and how many entries it answers (masked entries, but the
	 * whole ledger's story).
	 */
	void recordExport(CallerIdentity caller, String query, String reason, String virtualNumber,
			Map<String, String> criteria, long rows, Freshness freshness) {
		Map<String, Object> details = new TreeMap<>(criteria);
		details.put("rows", rows);
		freshness(details, freshness);
		append(caller, query, reason, virtualNumber, null, details);
	}

	/**
	 * A regulator's reading or export of a case file (ADR 0030): the query ({@code case},
	 * {@code case-export}), the case's reason and what was shown.
	 */
	public void recordCase(CallerIdentity caller, String query, String reason, Map<String, Object> shown) {
		append(caller, query, reason, null, null, new TreeMap<>(shown));
	}

	/**
	 * A platform's access to one of its calls' recording: a link issued
	 * ({@code recording-link}) or fetched ({@code recording-fetch}); the ledger row names
	 * the platform and the number, the details the call and the link's expiry.
	 */
	public void recordRecording(CallerIdentity caller, String query, String platformId, String virtualNumber,
			String callId, Instant expiresAt) {
		Map<String, Object> details = new TreeMap<>();
		details.put("callId", callId);
		details.put("expiresAt", expiresAt.toString());
		details.put("query", query);
		details.put("principal", caller.subject());
		details.put("role", caller.role().name());
		ledger.append(List
			.of(new LedgerEntry("access:" + UUID.randomUUID(), EventType.ACCESS.name(), clock.instant(), platformId,
					null, null, virtualNumber, null, null, null, null, null, json.writeValueAsString(details))));
	}

	/**
	 * Which server answered and how fresh its data was: what the regulator was shown,
	 * kept with the look-up.
	 */
	private static void freshness(Map<String, Object> details, Freshness freshness) {
		details.put("readFrom", freshness.server().label());
		details.put("dataAsOf", freshness.asOf().toString());
	}

	private void append(CallerIdentity caller, String query, String reason, String virtualNumber, String partyIndex,
			Map<String, Object> details) {
		details.put("query", query);
		details.put("principal", caller.subject());
		details.put("role", caller.role().name());
		details.put("reason", maskNumbers(reason));
		ledger.append(List
			.of(new LedgerEntry("access:" + UUID.randomUUID(), EventType.ACCESS.name(), clock.instant(), null, null,
					null, virtualNumber, null, null, partyIndex, null, null, json.writeValueAsString(details))));
	}

	/**
	 * The reason as it is stored: every number in it masked, however written
	 * ({@link FreeText#masked}).
	 */
	static String maskNumbers(String text) {
		return FreeText.masked(text);
	}

}
