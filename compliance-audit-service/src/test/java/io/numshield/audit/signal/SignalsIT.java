package io.numshield.audit.signal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.numshield.audit.AuditHttp;
import io.numshield.audit.AuditIntegrationTest;
import io.numshield.audit.SignalWebhookServer;
import io.numshield.audit.ledger.Ledger;
import io.numshield.audit.ledger.LedgerEntry;
import io.numshield.client.WebhookVerifier;
import io.numshield.core.number.RealNumber;
import io.numshield.core.token.Role;
import io.numshield.testsupport.PhoneFixtures;

import java.math.BigDecimal;
import java.net.http.HttpResponse;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.transaction.PlatformTransactionManager;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The five patterns planted among ordinary traffic of five platforms (written through the
 * ledger's own append, as ingestion writes a round, with the details the lease and
 * routing scripts write), one detection run: exactly the planted cases are raised, each
 * with its explanation and evidence, nothing for the ordinary parties, callers, platforms
 * and numbers next to them; a second run raises nothing again; the regulators' endpoint
 * (auth, filters, paging, bad parameters); the webhook's signed pushes; no fixture number
 * in plaintext in the signal table or the ledger's SIGNAL_RAISED entries.
 */
class SignalsIT extends AuditIntegrationTest {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final AtomicLong NEXT_NUMBER = new AtomicLong(ThreadLocalRandom.current().nextLong(1_000_000_000L));

	@Value("${local.server.port}")
	int port;

	@Autowired
	Ledger ledger;

	@Autowired
	SignalDetector detector;

	@Autowired
	SignalProperties properties;

	@Autowired
	PlatformTransactionManager transactions;

	@Autowired
	SignalWebhook webhook;

	/** Every entry planted, appended at once as one round. */
	private final List<LedgerEntry> entries = new ArrayList<>();

	/** Every subject this test made: the signals about them are exactly the planted. */
	private final Set<String> subjects = new HashSet<>();

	@Test
	void raisesExactlyThePlantedPatternsOnceWithTheirExplanation() throws Exception {
		// the previous whole hour, so that every window of the test is complete and one
		// run sees all of it
		Instant hour = Instant.now().truncatedTo(ChronoUnit.HOURS).minus(Duration.ofHours(1));
		Instant base = hour.plus(Duration.ofMinutes(2));
		String run = UUID.randomUUID().toString().substring(0, 6);
		List<String> platforms = new ArrayList<>();
		for (int i = 0; i < 5; i++) {
			platforms.add("sig-" + run + "-p" + i);
		}
		subjects.addAll(platforms);
		String abusive = platforms.get(4);

		// ordinary traffic: on each of four platforms, five couriers with six customers
		// each, every binding called once by each party and answered
		List<Map<String, String>> ordinary = new ArrayList<>();
		for (int p = 0; p < 4; p++) {
			for (int c = 0; c < 5; c++) {
				String courier = PhoneFixtures.mobile();
				for (int k = 0; k < 6; k++) {
					Map<String, String> b = bind(platforms.get(p), courier, PhoneFixtures.mobile(),
							base.plusSeconds(60L * c + k));
					ordinary.add(b);
					call(b, b.get("a"), "CONNECT", "", base.plusSeconds(600 + 10L * k), 60);
					call(b, b.get("b"), "CONNECT", "", base.plusSeconds(900 + 10L * k), 45);
				}
			}
		}
		// a customer on two platforms (under the threshold of three)
		String twice = PhoneFixtures.mobile();
		bind(platforms.get(0), PhoneFixtures.mobile(), twice, base.plusSeconds(30));
		bind(platforms.get(1), PhoneFixtures.mobile(), twice, base.plusSeconds(40));
		// a caller refused on three numbers it is no party to (under ten)
		String curious = PhoneFixtures.mobile();
		for (int i = 0; i < 3; i++) {
			Map<String, String> b = ordinary.get(i * 7);
			call(b, curious, "REJECT", "CALLER_NOT_PARTY", base.plusSeconds(60 + i), null);
		}
		// numbers released and called, but not leased again within 10 minutes
		Map<String, String> late = bind(platforms.get(1), PhoneFixtures.mobile(), PhoneFixtures.mobile(),
				base.plusSeconds(60));
		release(late, base.plusSeconds(600));
		Map<String, String> lateAgain = bind(platforms.get(2), PhoneFixtures.mobile(), PhoneFixtures.mobile(),
				late.get("x"), base.plusSeconds(600 + 20 * 60));
		call(lateAgain, lateAgain.get("a"), "CONNECT", "", base.plusSeconds(600 + 21 * 60), 30);
		Map<String, String> ended = bind(platforms.get(1), PhoneFixtures.mobile(), PhoneFixtures.mobile(),
				base.plusSeconds(60));
		release(ended, base.plusSeconds(600));
		call(ended, ended.get("b"), "REJECT", "BINDING_EXPIRED", base.plusSeconds(720), null);

		// 1. PARTY_MANY_PLATFORMS: one customer ordering through four platforms
		String orderer = PhoneFixtures.mobile();
		List<String> ordererBindings = new ArrayList<>();
		for (int p = 0; p < 4; p++) {
			ordererBindings
				.add(bind(platforms.get(p), PhoneFixtures.mobile(), orderer, base.plusSeconds(120 + p)).get("id"));
		}
		// 2. CALLER_SCANNING: one caller refused on twelve numbers in minutes
		String scanner = PhoneFixtures.mobile();
		List<String> scanned = new ArrayList<>();
		for (int i = 0; i < 12; i++) {
			Map<String, String> b = ordinary.get(i * 9 + 1);
			scanned.add(b.get("x"));
			call(b, scanner, "REJECT", i % 3 == 0 ? "CALL_RATE_EXCEEDED" : "CALLER_NOT_PARTY",
					base.plusSeconds(30 + 20L * i), null);
		}
		// 3. PLATFORM_REFUSAL_RATE: a fifth platform, as busy, whose calls mostly fail
		for (int c = 0; c < 4; c++) {
			String courier = PhoneFixtures.mobile();
			for (int k = 0; k < 5; k++) {
				Map<String, String> b = bind(abusive, courier, PhoneFixtures.mobile(), base.plusSeconds(60L * c + k));
				for (int n = 0; n < 3; n++) {
					int i = k * 3 + n;
					Instant at = base.plusSeconds(600 + 30L * c + 5L * i);
					if (i < 6) {
						call(b, b.get("b"), "REJECT", "DIRECTION_NOT_ALLOWED", at, null);
					}
					else if (i < 9) {
						call(b, b.get("a"), "CONNECT", "", at, 2);
					}
					else {
						call(b, b.get("a"), "CONNECT", "", at, 60);
					}
				}
			}
		}
		// 4. NUMBER_RECYCLED_CALLED: released, leased again three minutes later, called
		Map<String, String> first = bind(platforms.get(1), PhoneFixtures.mobile(), PhoneFixtures.mobile(),
				base.plusSeconds(60));
		Instant releasedAt = base.plusSeconds(600);
		release(first, releasedAt);
		Map<String, String> second = bind(platforms.get(2), PhoneFixtures.mobile(), PhoneFixtures.mobile(),
				first.get("x"), releasedAt.plusSeconds(180));
		String recycledCall = call(second, first.get("a"), "REJECT", "CALLER_NOT_PARTY", releasedAt.plusSeconds(240),
				null);
		// 5. A_MANY_CUSTOMERS: one courier bound to 32 customers in the hour
		String collector = PhoneFixtures.mobile();
		for (int k = 0; k < 32; k++) {
			bind(platforms.get(0), collector, PhoneFixtures.mobile(), base.plusSeconds(300 + 30L * k));
		}

		int before = SignalWebhookServer.get().pushes().size();
		assertThat(ledger.append(entries)).isEqualTo(entries.size());
		Instant raisedFrom = Instant.now().minusSeconds(1);
		detector.detect();
		// the platform rate is rated once per run, up to where the batches read
		assertThat(cursor(SignalDetector.RATE_CURSOR)).isEqualTo(cursor(SignalDetector.CURSOR));

		List<Map<String, Object>> mine = jdbc
			.queryForList("SELECT signal_id, kind, subject, subject_type, observed, baseline, threshold, explanation, "
					+ "evidence::text AS evidence, window_from, window_to, ledger_seq FROM signal "
					+ "WHERE subject = ANY (?) ORDER BY kind", (Object) subjects.toArray(String[]::new));
		Map<String, Map<String, Object>> byKind = new TreeMap<>();
		mine.forEach(row -> byKind.put((String) row.get("kind"), row));
		assertThat(mine).extracting(row -> row.get("kind") + " " + row.get("subject"))
			.containsExactlyInAnyOrder("PARTY_MANY_PLATFORMS " + index(orderer), "CALLER_SCANNING " + index(scanner),
					"PLATFORM_REFUSAL_RATE " + abusive, "NUMBER_RECYCLED_CALLED " + first.get("x"),
					"A_MANY_CUSTOMERS " + index(collector));

		// each baseline is the average count of the window's other subjects: the detector
		// takes it from one aggregate per window; here it is asked for by hit
		Timestamp from = (Timestamp) byKind.get("PARTY_MANY_PLATFORMS").get("window_from");
		Timestamp to = (Timestamp) byKind.get("PARTY_MANY_PLATFORMS").get("window_to");
		assertThat(baseline(byKind.get("PARTY_MANY_PLATFORMS"))).isEqualByComparingTo(jdbc.queryForObject(
				"SELECT round(avg(n), 2) FROM (SELECT idx, count(DISTINCT platform_id) AS n FROM (SELECT party_a_index "
						+ "AS idx, platform_id FROM ledger WHERE type = 'BINDING_CREATED' AND occurred_at >= ? "
						+ "AND occurred_at < ? UNION ALL SELECT party_b_index, platform_id FROM ledger "
						+ "WHERE type = 'BINDING_CREATED' AND occurred_at >= ? AND occurred_at < ?) x "
						+ "WHERE idx <> ? GROUP BY idx) y",
				BigDecimal.class, from, to, from, to, index(orderer)));
		assertThat(baseline(byKind.get("A_MANY_CUSTOMERS"))).isEqualByComparingTo(jdbc.queryForObject(
				"SELECT round(avg(n), 2) FROM (SELECT party_a_index, count(DISTINCT party_b_index) AS n FROM ledger "
						+ "WHERE type = 'BINDING_CREATED' AND occurred_at >= ? AND occurred_at < ? "
						+ "AND party_b_index IS NOT NULL AND party_a_index <> ? GROUP BY party_a_index) y",
				BigDecimal.class, byKind.get("A_MANY_CUSTOMERS").get("window_from"),
				byKind.get("A_MANY_CUSTOMERS").get("window_to"), index(collector)));
		Map<String, Object> scan = byKind.get("CALLER_SCANNING");
		assertThat(baseline(byKind.get("CALLER_SCANNING"))).isEqualByComparingTo(jdbc.queryForObject(
				"SELECT round(avg(n), 2) FROM (SELECT caller_index, count(DISTINCT virtual_number) AS n "
						+ "FROM call_record WHERE started_at >= ? AND started_at < ? AND action = 'REJECT' "
						+ "AND reason = ANY (?::text[]) AND caller_index <> ? GROUP BY caller_index) y",
				BigDecimal.class, scan.get("window_from"), scan.get("window_to"), SignalDetector.SCANNING_REASONS,
				index(scanner)));

		Map<String, Object> party = byKind.get("PARTY_MANY_PLATFORMS");
		assertThat(decimal(party.get("observed"))).isEqualTo(4);
		assertThat(decimal(party.get("threshold"))).isEqualTo(3);
		assertThat(((java.sql.Timestamp) party.get("window_from")).toInstant()).isEqualTo(hour);
		assertThat(((java.sql.Timestamp) party.get("window_to")).toInstant()).isEqualTo(hour.plus(Duration.ofHours(1)));
		assertThat((String) party.get("explanation")).contains(RealNumber.parse(orderer).masked())
			.contains("4 different platforms")
			.contains("Threshold: 3 platforms")
			.contains(hour.toString());
		JsonNode partyEvidence = JSON.readTree((String) party.get("evidence"));
		assertThat(strings(partyEvidence.get("bindingIds"))).containsExactlyInAnyOrderElementsOf(ordererBindings);
		assertThat(strings(partyEvidence.get("platformIds"))).containsExactlyElementsOf(platforms.subList(0, 4));

		Map<String, Object> scanning = byKind.get("CALLER_SCANNING");
		assertThat(decimal(scanning.get("observed"))).isEqualTo(12);
		assertThat((String) scanning.get("explanation")).contains("refused as no party on 12 different virtual numbers")
			.contains("10 min window");
		assertThat(strings(JSON.readTree((String) scanning.get("evidence")).get("virtualNumbers")))
			.containsExactlyInAnyOrderElementsOf(scanned);

		Map<String, Object> rate = byKind.get("PLATFORM_REFUSAL_RATE");
		assertThat(decimal(rate.get("observed"))).isEqualTo(0.6);
		assertThat(decimal(rate.get("baseline"))).isLessThan(0.2);
		assertThat((String) rate.get("explanation")).contains("36 of its 60 calls were refused (24)")
			.contains("connected and shorter than 5 s (12)")
			.contains("median rate of the");
		JsonNode rateEvidence = JSON.readTree((String) rate.get("evidence"));
		assertThat(rateEvidence.get("calls").asInt()).isEqualTo(60);
		assertThat(rateEvidence.get("callIds")).hasSize(36);

		Map<String, Object> recycled = byKind.get("NUMBER_RECYCLED_CALLED");
		assertThat(decimal(recycled.get("observed"))).isEqualTo(1);
		assertThat(((java.sql.Timestamp) recycled.get("window_from")).toInstant()).isEqualTo(releasedAt);
		assertThat((String) recycled.get("explanation")).contains("leased again 180 s later")
			.contains(first.get("id"))
			.contains(second.get("id"));
		assertThat(strings(JSON.readTree((String) recycled.get("evidence")).get("callIds")))
			.containsExactly(recycledCall);

		Map<String, Object> customers = byKind.get("A_MANY_CUSTOMERS");
		assertThat(decimal(customers.get("observed"))).isEqualTo(32);
		assertThat(decimal(customers.get("baseline"))).isLessThan(7);
		assertThat((String) customers.get("explanation")).contains("bound to 32 different customers");

		// each is a SIGNAL_RAISED ledger entry, named by its row
		for (Map<String, Object> row : mine) {
			Map<String, Object> entry = jdbc.queryForMap("SELECT type, event_id, details FROM ledger WHERE seq = ?",
					row.get("ledger_seq"));
			assertThat(entry.get("type")).isEqualTo("SIGNAL_RAISED");
			assertThat(entry.get("event_id")).isEqualTo("signal:" + row.get("signal_id"));
			JsonNode details = JSON.readTree((String) entry.get("details"));
			assertThat(details.get("explanation").asString()).isEqualTo(row.get("explanation"));
			// in the form scripts/verify-export.py rebuilds (keys sorted at every level,
			// compact): the chain verifies outside the service (CheckpointIT runs it)
			assertThat(JSON.writeValueAsString(sorted(details))).isEqualTo(entry.get("details"));
		}

		// incremental and once: a second run reads only what came since, and raises
		// nothing again even when the same windows are touched again
		long count = jdbc.queryForObject("SELECT count(*) FROM signal", Long.class);
		ledger.append(
				List.of(created(platforms.get(3), PhoneFixtures.mobile(), orderer, number(), base.plusSeconds(130))));
		SignalDetector.Run again = detector.detect();
		assertThat(again.rows()).isLessThan(entries.size());
		assertThat(again.raised()).extracting(Signal::subject).doesNotContainAnyElementsOf(subjects);
		assertThat(jdbc.queryForObject("SELECT count(*) FROM signal WHERE subject = ANY (?)", Long.class,
				(Object) subjects.toArray(String[]::new)))
			.isEqualTo(5);
		assertThat(jdbc.queryForObject("SELECT count(*) FROM signal", Long.class)).isGreaterThanOrEqualTo(count);

		// the regulators' list: by kind, paged, with the masked subject
		AuditHttp http = new AuditHttp(port);
		Instant raisedTo = Instant.now().plusSeconds(1);
		String range = "from=" + AuditHttp.enc(raisedFrom.toString()) + "&to=" + AuditHttp.enc(raisedTo.toString());
		JsonNode byParty = json(http.get("/v1/audit/signals?" + range + "&kind=PARTY_MANY_PLATFORMS", Role.REGULATOR));
		JsonNode listed = find(byParty.get("signals"), (String) party.get("signal_id"));
		assertThat(listed.get("kind").asString()).isEqualTo("PARTY_MANY_PLATFORMS");
		assertThat(listed.get("subject").get("type").asString()).isEqualTo("PARTY");
		assertThat(listed.get("subject").get("value").asString()).isEqualTo(index(orderer));
		assertThat(listed.get("subject").get("masked").asString()).isEqualTo(RealNumber.parse(orderer).masked());
		assertThat(Instant.parse(listed.get("window").get("from").asString())).isEqualTo(hour);
		assertThat(listed.get("observed").asInt()).isEqualTo(4);
		assertThat(listed.get("explanation").asString()).isEqualTo(party.get("explanation"));
		assertThat(listed.get("evidence").get("bindingIds")).hasSize(4);
		for (JsonNode s : byParty.get("signals")) {
			assertThat(s.get("kind").asString()).isEqualTo("PARTY_MANY_PLATFORMS");
		}
		List<String> walked = new ArrayList<>();
		String cursor = null;
		do {
			JsonNode page = json(
					http.get("/v1/audit/signals?" + range + "&limit=2" + (cursor == null ? "" : "&cursor=" + cursor),
							Role.REGULATOR));
			assertThat(page.get("signals").size()).isLessThanOrEqualTo(2);
			page.get("signals").forEach(s -> walked.add(s.get("signalId").asString()));
			cursor = page.get("nextCursor").isNull() ? null : page.get("nextCursor").asString();
		}
		while (cursor != null);
		assertThat(walked).doesNotHaveDuplicates()
			.containsAll(mine.stream().map(row -> (String) row.get("signal_id")).toList());

		// one signal by its id: the list's item, whole; an id never raised is 404, not an
		// id 400, and only regulators ask
		JsonNode one = json(http.get("/v1/audit/signals/" + party.get("signal_id"), Role.REGULATOR));
		assertThat(one).isEqualTo(listed);
		assertThat(one.get("ledgerSeq").asLong()).isEqualTo(((Number) party.get("ledger_seq")).longValue());
		HttpResponse<String> unknown = http.get("/v1/audit/signals/sig_" + "0".repeat(28), Role.REGULATOR);
		assertThat(unknown.statusCode()).isEqualTo(404);
		assertThat(json(unknown).get("code").asString()).isEqualTo("SIGNAL_NOT_FOUND");
		for (String bad : List.of("sig_XYZ", "sig_" + "0".repeat(27), "case-0123")) {
			HttpResponse<String> answer = http.get("/v1/audit/signals/" + bad, Role.REGULATOR);
			assertThat(answer.statusCode()).as(bad).isEqualTo(400);
			assertThat(json(answer).get("code").asString()).as(bad).isEqualTo("VALIDATION_FAILED");
		}
		assertThat(http.get("/v1/audit/signals/" + party.get("signal_id"), Role.PLATFORM).statusCode()).isEqualTo(403);

		// a regulator opens a case from the signal (ADR 0030): it collects the bindings
		// the
		// signal is about, and reveals the number to that regulator only
		HttpResponse<String> opened = http.post("/v1/audit/cases",
				"{\"reason\":\"orders through four platforms\",\"signalId\":\"" + party.get("signal_id") + "\"}",
				Role.REGULATOR);
		assertThat(opened.statusCode()).as(opened.body()).isEqualTo(201);
		JsonNode opening = json(opened);
		assertThat(strings(opening.get("bindingIds"))).containsAll(ordererBindings);
		assertThat(opened.body()).doesNotContain(orderer.substring(orderer.length() - 8));
		JsonNode caseFile = json(http.get("/v1/audit/cases/" + opening.get("caseId").asString(), Role.REGULATOR));
		assertThat(caseFile.get("bindings")).extracting(h -> h.get("partyB").asString())
			.contains(RealNumber.parse(orderer).e164());

		// REGULATOR only; bad parameters are 400 VALIDATION_FAILED
		assertThat(http.get("/v1/audit/signals?" + range, Role.PLATFORM).statusCode()).isEqualTo(403);
		assertThat(http.get("/v1/audit/signals?" + range, Role.OPERATOR).statusCode()).isEqualTo(403);
		for (String bad : List.of("", "from=yesterday&to=" + AuditHttp.enc(raisedTo.toString()),
				"from=" + AuditHttp.enc(raisedTo.toString()) + "&to=" + AuditHttp.enc(raisedFrom.toString()),
				range + "&kind=SPAM", range + "&limit=0", range + "&limit=201", range + "&cursor=nonsense",
				"from=2026-01-01T00:00:00Z&to=2026-03-01T00:00:00Z")) {
			HttpResponse<String> answer = http.get("/v1/audit/signals?" + bad, Role.REGULATOR);
			assertThat(answer.statusCode()).as(bad).isEqualTo(400);
			assertThat(json(answer).get("code").asString()).as(bad).isEqualTo("VALIDATION_FAILED");
		}

		// each pushed to the webhook, signed as platform callbacks are
		WebhookVerifier verifier = new WebhookVerifier(SignalWebhookServer.SECRET);
		await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
			Set<String> pushed = new HashSet<>();
			for (SignalWebhookServer.Push push : SignalWebhookServer.get()
				.pushes()
				.subList(before, SignalWebhookServer.get().pushes().size())) {
				String id = verifier.verify(push.headers(), push.body());
				assertThat(JSON.readTree(push.body()).get("signalId").asString()).isEqualTo(id);
				pushed.add(id);
			}
			assertThat(pushed).containsAll(mine.stream().map(row -> (String) row.get("signal_id")).toList());
		});
		SignalWebhookServer.Push push = SignalWebhookServer.get()
			.pushes()
			.stream()
			.filter(p -> p.body().contains((String) rate.get("signal_id")))
			.findFirst()
			.orElseThrow();
		assertThat(JSON.readTree(push.body()).get("explanation").asString()).isEqualTo(rate.get("explanation"));

		// no fixture number in plaintext in the signals or their ledger entries
		String stored = String.join("\n", jdbc.queryForList("SELECT s::text FROM signal s WHERE subject = ANY (?)",
				String.class, (Object) subjects.toArray(String[]::new)));
		stored += String.join("\n",
				jdbc.queryForList("SELECT l::text FROM ledger l WHERE type = 'SIGNAL_RAISED'", String.class));
		for (String number : PhoneFixtures.issued()) {
			for (String form : PhoneFixtures.forms(number)) {
				assertThat(stored).doesNotContain(form);
			}
		}
	}

	/**
	 * A scheduled run reads nothing while ingestion writes entries later than
	 * {@code yield-above} after they occurred, and reads on once the oldest row it has
	 * not read is older than {@code max-delay}; a run asked for
	 * ({@link SignalDetector#detect()}) never yields.
	 */
	@Test
	void aScheduledRunYieldsToALateIngestionUntilMaxDelay() throws Exception {
		detector.detect();
		long cursor = cursor(SignalDetector.CURSOR);
		// an entry recorded 30 s after it occurred: ingestion is behind
		Instant late = Instant.now().minusSeconds(30).truncatedTo(ChronoUnit.MILLIS);
		ledger.append(List.of(created("p-late", PhoneFixtures.mobile(), PhoneFixtures.mobile(), number(), late)));
		assertThat(ledger.behind(properties.yieldAbove())).isTrue();

		assertThat(detector.detectIfFree().rows()).isZero();
		assertThat(cursor(SignalDetector.CURSOR)).isEqualTo(cursor);
		assertThat(cursor(SignalDetector.RATE_CURSOR)).isEqualTo(cursor);

		// the same settings but a max-delay of 1 s: once the unread row is older, it
		// reads
		SignalDetector impatient = new SignalDetector(jdbc, transactions, ledger, java.time.Clock.systemUTC(), JSON,
				withMaxDelay(Duration.ofSeconds(1)), webhook, new SimpleMeterRegistry());
		Thread.sleep(1_200);
		assertThat(ledger.behind(properties.yieldAbove())).isTrue();
		assertThat(impatient.detectIfFree().rows()).isGreaterThanOrEqualTo(1);
		assertThat(cursor(SignalDetector.CURSOR)).isGreaterThan(cursor);
		assertThat(cursor(SignalDetector.RATE_CURSOR)).isEqualTo(cursor(SignalDetector.CURSOR));

		// asked for, a run reads whatever the lag
		ledger.append(List.of(created("p-late", PhoneFixtures.mobile(), PhoneFixtures.mobile(), number(), late)));
		assertThat(detector.detect().rows()).isGreaterThanOrEqualTo(1);
	}

	private long cursor(String detector) {
		return jdbc.queryForObject("SELECT last_seq FROM signal_cursor WHERE detector = ?", Long.class, detector);
	}

	private SignalProperties withMaxDelay(Duration maxDelay) {
		SignalProperties p = properties;
		return new SignalProperties(p.enabled(), p.interval(), p.batch(), p.yieldAbove(), maxDelay,
				p.partyManyPlatforms(), p.callerScanning(), p.platformRefusalRate(), p.numberRecycledCalled(),
				p.aManyCustomers(), p.shortCall(), p.minRefusalRate(), p.webhook());
	}

	// ---- planting: entries with the fields the lease and routing scripts write

	private Map<String, String> bind(String platform, String a, String b, Instant at) {
		return bind(platform, a, b, number(), at);
	}

	private Map<String, String> bind(String platform, String a, String b, String x, Instant at) {
		LedgerEntry e = created(platform, a, b, x, at);
		entries.add(e);
		subjects.add(x);
		subjects.add(index(a));
		subjects.add(index(b));
		return Map.of("id", e.bindingId(), "x", x, "a", a, "b", b, "platform", platform, "order", e.orderId());
	}

	private LedgerEntry created(String platform, String a, String b, String x, Instant at) {
		String id = "99" + UUID.randomUUID().toString().replace("-", "").substring(0, 14).toUpperCase();
		Map<String, String> details = new TreeMap<>();
		details.put("v", "1");
		details.put("mode", "AXB");
		details.put("poolId", "sig-pool");
		details.put("direction", "BOTH");
		details.put("recording", "0");
		details.put("createdAt", Long.toString(at.toEpochMilli()));
		details.put("expiresAt", Long.toString(at.plus(Duration.ofHours(2)).toEpochMilli()));
		details.put("consentReference", "consent-" + id);
		RealNumber partyA = RealNumber.parse(a);
		RealNumber partyB = RealNumber.parse(b);
		return new LedgerEntry("created:" + id, "BINDING_CREATED", at, platform, id, "ORD-" + id, x, partyA.masked(),
				partyB.masked(), index(a), index(b), protector.encryptParties(List.of(partyA, partyB)),
				JSON.writeValueAsString(details));
	}

	private void release(Map<String, String> binding, Instant at) {
		LedgerEntry created = entries.stream()
			.filter(e -> e.eventId().equals("created:" + binding.get("id")))
			.findFirst()
			.orElseThrow();
		Map<String, String> details = new TreeMap<>(
				JSON.readValue(created.details(), new tools.jackson.core.type.TypeReference<Map<String, String>>() {
				}));
		details.put("releasedAt", Long.toString(at.toEpochMilli()));
		details.put("reason", "DELETED");
		entries.add(new LedgerEntry("released:" + created.bindingId(), "BINDING_RELEASED", at, created.platformId(),
				created.bindingId(), created.orderId(), created.virtualNumber(), created.partyA(), created.partyB(),
				created.partyAIndex(), created.partyBIndex(), created.parties(), JSON.writeValueAsString(details)));
	}

	/**
	 * A routing decision on the binding's number (and, when connected, its hang-up after
	 * {@code talkSeconds}); answers the callId.
	 */
	private String call(Map<String, String> binding, String caller, String action, String reason, Instant at,
			Integer talkSeconds) {
		String callId = "c-" + UUID.randomUUID();
		String callerIndex = index(caller);
		subjects.add(callerIndex);
		boolean bound = !"NO_BINDING".equals(reason);
		Map<String, String> routed = new TreeMap<>();
		routed.put("v", "1");
		routed.put("callId", callId);
		routed.put("callType", "VOICE");
		routed.put("callerIndex", callerIndex);
		routed.put("action", action);
		routed.put("reason", reason);
		entries.add(new LedgerEntry("routed:" + callId + ":" + UUID.randomUUID(), "CALL_ROUTED", at,
				bound ? binding.get("platform") : null, bound ? binding.get("id") : null,
				bound ? binding.get("order") : null, binding.get("x"), null, null, null, null, null,
				JSON.writeValueAsString(routed)));
		if (talkSeconds != null) {
			Instant end = at.plusSeconds(5 + talkSeconds);
			Map<String, Object> event = new TreeMap<>();
			event.put("event", "HANGUP");
			event.put("occurredAt", end.toString());
			event.put("caller", RealNumber.parse(caller).masked());
			event.put("durationSeconds", talkSeconds);
			Map<String, String> details = new TreeMap<>();
			details.put("v", "1");
			details.put("callId", callId);
			details.put("callerIndex", callerIndex);
			details.put("callerRole", caller.equals(binding.get("a")) ? "A" : "B");
			details.put("details", JSON.writeValueAsString(event));
			entries.add(new LedgerEntry("evt_" + UUID.randomUUID(), "CALL_EVENT", end, binding.get("platform"),
					binding.get("id"), binding.get("order"), binding.get("x"), null, null, null, null, null,
					JSON.writeValueAsString(details)));
		}
		return callId;
	}

	/** A virtual number no other test uses. */
	private static String number() {
		return "7008" + String.format("%011d", NEXT_NUMBER.incrementAndGet() % 100_000_000_000L);
	}

	/** A signal row's baseline, which these kinds all have. */
	private static BigDecimal baseline(Map<String, Object> row) {
		assertThat(row.get("baseline")).as("baseline of %s", row.get("kind")).isNotNull();
		return (BigDecimal) row.get("baseline");
	}

	private static double decimal(Object value) {
		return ((java.math.BigDecimal) value).doubleValue();
	}

	private static List<String> strings(JsonNode array) {
		List<String> out = new ArrayList<>();
		array.forEach(node -> out.add(node.asString()));
		return out;
	}

	private static Object sorted(JsonNode node) {
		if (node.isObject()) {
			Map<String, Object> out = new TreeMap<>();
			node.properties().forEach(e -> out.put(e.getKey(), sorted(e.getValue())));
			return out;
		}
		if (node.isArray()) {
			List<Object> out = new ArrayList<>();
			node.forEach(n -> out.add(sorted(n)));
			return out;
		}
		return node;
	}

	private static JsonNode find(JsonNode signals, String signalId) {
		for (JsonNode s : signals) {
			if (s.get("signalId").asString().equals(signalId)) {
				return s;
			}
		}
		throw new AssertionError(signalId + " not listed");
	}

	private static JsonNode json(HttpResponse<String> response) {
		return JSON.readTree(response.body());
	}

}
