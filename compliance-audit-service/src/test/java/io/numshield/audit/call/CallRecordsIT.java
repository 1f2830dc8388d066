package io.numshield.audit.call;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.numshield.audit.AuditHttp;
import io.numshield.audit.AuditIntegrationTest;
import io.numshield.audit.AuditTestContext;
import io.numshield.core.number.ManagementNumber;
import io.numshield.core.number.RealNumber;
import io.numshield.core.number.VirtualNumber;
import io.numshield.core.redis.LeaseScript;
import io.numshield.core.redis.RouteCall;
import io.numshield.core.token.Audience;
import io.numshield.core.token.Role;
import io.numshield.testsupport.PhoneFixtures;
import io.numshield.testsupport.TestInfrastructure;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.redisson.api.RStream;
import org.redisson.api.stream.StreamMessageId;
import org.redisson.api.stream.StreamAddArgs;
import org.redisson.client.codec.StringCodec;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Call records built from the real routing and call-event scripts' entries: one record
 * per call with its decision, events and durations; refused calls with their reason;
 * paged by cursor, by binding and by range; a platform sees only its own; an entry read
 * twice changes nothing; the regulators' export; no fixture number in plaintext.
 */
class CallRecordsIT extends AuditIntegrationTest {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	@Value("${local.server.port}")
	int port;

	@Autowired
	CallRecordRetention retention;

	@Test
	void anAnsweredCallIsOneRecordWithItsDurations() throws Exception {
		String a = PhoneFixtures.mobile();
		String b = PhoneFixtures.mobile();
		Map<String, Object> binding = lease(a, b);
		String x = (String) binding.get("x");
		String callId = call(x, a);
		Instant ringing = Instant.now().truncatedTo(ChronoUnit.SECONDS).plusSeconds(1);
		event(callId, x, a, "RINGING", ringing, null);
		event(callId, x, a, "ANSWERED", ringing.plusSeconds(7), null);
		event(callId, x, a, "HANGUP", ringing.plusSeconds(67),
				Map.of("durationSeconds", 60, "releaseCause", 16, "releaseDirection", "CALLER"));
		awaitEnded(callId);

		JsonNode page = json(platform().get("/v1/bindings/" + binding.get("id") + "/calls", Role.PLATFORM));
		assertThat(page.get("calls")).hasSize(1);
		assertThat(page.get("nextCursor").isNull()).isTrue();
		JsonNode call = page.get("calls").get(0);
		assertThat(call.get("callId").asString()).isEqualTo(callId);
		assertThat(call.get("bindingId").asString()).isEqualTo(binding.get("id"));
		assertThat(call.get("platformId").asString()).isEqualTo(AuditTestContext.PLATFORM);
		assertThat(call.get("virtualNumber").asString()).isEqualTo(x);
		assertThat(call.get("callType").asString()).isEqualTo("VOICE");
		assertThat(call.get("action").asString()).isEqualTo("CONNECT");
		assertThat(call.get("reason").isNull()).isTrue();
		assertThat(call.get("caller").asString()).isEqualTo(RealNumber.parse(a).masked());
		assertThat(call.get("callerRole").asString()).isEqualTo("A");
		assertThat(Instant.parse(call.get("ringingAt").asString())).isEqualTo(ringing);
		assertThat(Instant.parse(call.get("answeredAt").asString())).isEqualTo(ringing.plusSeconds(7));
		assertThat(Instant.parse(call.get("endedAt").asString())).isEqualTo(ringing.plusSeconds(67));
		assertThat(call.get("ringSeconds").asInt()).isEqualTo(7);
		assertThat(call.get("talkSeconds").asInt()).isEqualTo(60);
		assertThat(call.get("releaseCause").asInt()).isEqualTo(16);
		assertThat(call.get("releaseDirection").asString()).isEqualTo("CALLER");
		assertThat(call.get("recording").asBoolean()).isFalse();
		assertThat(jdbc.queryForObject("SELECT count(*) FROM call_record WHERE call_id = ?", Long.class, callId))
			.isEqualTo(1);

		// the same call in the platform's range, whose bounds hold its start
		Instant started = Instant.parse(call.get("startedAt").asString());
		JsonNode range = json(platform().get("/v1/calls?from=" + AuditHttp.enc(started.minusSeconds(1).toString())
				+ "&to=" + AuditHttp.enc(started.plusSeconds(1).toString()), Role.PLATFORM));
		assertThat(ids(range)).contains(callId);
	}

	@Test
	void aRefusedCallIsARecordWithItsReason() throws Exception {
		String a = PhoneFixtures.mobile();
		Map<String, Object> binding = lease(a, PhoneFixtures.mobile());
		String x = (String) binding.get("x");
		leases().release((String) binding.get("id"));
		String callId = "c-" + UUID.randomUUID();
		RouteCall.Decision decision = route(x, a, callId);
		assertThat(decision.action()).isEqualTo("REJECT");
		await().atMost(Duration.ofSeconds(15))
			.until(() -> jdbc.queryForObject("SELECT count(*) FROM call_record WHERE call_id = ?", Long.class,
					callId) == 1);

		JsonNode page = json(platform().get("/v1/bindings/" + binding.get("id") + "/calls", Role.PLATFORM));
		assertThat(page.get("calls")).hasSize(1);
		JsonNode call = page.get("calls").get(0);
		assertThat(call.get("action").asString()).isEqualTo("REJECT");
		assertThat(call.get("reason").asString()).isEqualTo(decision.reason());
		assertThat(call.get("answeredAt").isNull()).isTrue();
		assertThat(call.get("talkSeconds").isNull()).isTrue();
	}

	@Test
	void pagesByCursorByBindingAndByRangeWithoutRepeatsOrGaps() throws Exception {
		String a = PhoneFixtures.mobile();
		Map<String, Object> binding = lease(a, PhoneFixtures.mobile());
		String x = (String) binding.get("x");
		List<String> made = new ArrayList<>();
		for (int i = 0; i < 5; i++) {
			made.add(call(x, a));
		}
		await().atMost(Duration.ofSeconds(15))
			.until(() -> jdbc.queryForObject("SELECT count(*) FROM call_record WHERE binding_id = ?", Long.class,
					binding.get("id")) == 5);
		Instant from = jdbc
			.queryForObject("SELECT min(started_at) FROM call_record WHERE binding_id = ?", java.sql.Timestamp.class,
					binding.get("id"))
			.toInstant();
		Instant to = jdbc
			.queryForObject("SELECT max(started_at) FROM call_record WHERE binding_id = ?", java.sql.Timestamp.class,
					binding.get("id"))
			.toInstant()
			.plusMillis(1);

		List<String> byBinding = walk("/v1/bindings/" + binding.get("id") + "/calls?limit=2");
		assertThat(byBinding).containsExactlyInAnyOrderElementsOf(made);
		// the range holds these five, perhaps with calls of other tests of the same
		// platform
		List<String> byRange = walk("/v1/calls?from=" + AuditHttp.enc(from.toString()) + "&to="
				+ AuditHttp.enc(to.toString()) + "&limit=2");
		assertThat(byRange).containsAll(made).doesNotHaveDuplicates();
	}

	@Test
	void anotherPlatformSeesNoneOfThem() throws Exception {
		String a = PhoneFixtures.mobile();
		Map<String, Object> binding = lease(a, PhoneFixtures.mobile());
		String callId = call((String) binding.get("x"), a);
		await().atMost(Duration.ofSeconds(15))
			.until(() -> jdbc.queryForObject("SELECT count(*) FROM call_record WHERE call_id = ?", Long.class,
					callId) == 1);
		Instant started = jdbc
			.queryForObject("SELECT started_at FROM call_record WHERE call_id = ?", java.sql.Timestamp.class, callId)
			.toInstant();
		String range = "/v1/calls?from=" + AuditHttp.enc(started.minusSeconds(60).toString()) + "&to="
				+ AuditHttp.enc(started.plusSeconds(60).toString());
		assertThat(ids(json(platform().get(range, Role.PLATFORM)))).contains(callId);

		HttpResponse<String> theirs = asOther("/v1/bindings/" + binding.get("id") + "/calls");
		assertThat(theirs.statusCode()).isEqualTo(404);
		assertThat(json(theirs).get("code").asString()).isEqualTo("BINDING_NOT_FOUND");
		HttpResponse<String> unknown = asOther("/v1/bindings/00AAAAAAAAAAAAAA/calls");
		assertThat(unknown.statusCode()).isEqualTo(404);
		assertThat(json(unknown).get("code").asString()).isEqualTo("BINDING_NOT_FOUND");
		HttpResponse<String> theirRange = asOther(range);
		assertThat(theirRange.statusCode()).isEqualTo(200);
		assertThat(ids(json(theirRange))).doesNotContain(callId);
		// and a regulator's key is no platform
		assertThat(platform().get(range, Role.REGULATOR).statusCode()).isEqualTo(403);
	}

	@Test
	void theSameStreamEntryTwiceChangesNothing() throws Exception {
		String a = PhoneFixtures.mobile();
		Map<String, Object> binding = lease(a, PhoneFixtures.mobile());
		String x = (String) binding.get("x");
		RStream<String, String> calls = redisson.getStream(keys.calls(new VirtualNumber(x).shard()),
				StringCodec.INSTANCE);
		String callId = call(x, a);
		Instant end = Instant.now().truncatedTo(ChronoUnit.SECONDS).plusSeconds(30);
		event(callId, x, a, "HANGUP", end, Map.of("durationSeconds", 25, "releaseCause", 16));
		// the call's two entries as the scripts wrote them, taken before the trimmer may
		// take them
		List<Map<String, String>> written = calls.range(StreamMessageId.MIN, StreamMessageId.MAX)
			.values()
			.stream()
			.filter(fields -> callId.equals(fields.get("callId")))
			.toList();
		assertThat(written).hasSize(2);
		awaitEnded(callId);
		Map<String, Object> before = jdbc.queryForMap("SELECT * FROM call_record WHERE call_id = ?", callId);

		// appended again as they were (a redelivery after a crash), then read by the
		// group and acknowledged
		StreamMessageId last = null;
		for (Map<String, String> fields : written) {
			last = calls.add(StreamAddArgs.entries(fields));
		}
		StreamMessageId added = last;
		await().atMost(Duration.ofSeconds(15))
			.until(() -> delivered(calls, added) && calls.getPendingInfo("audit").getTotal() == 0);

		assertThat(jdbc.queryForMap("SELECT * FROM call_record WHERE call_id = ?", callId)).isEqualTo(before);
		assertThat(jdbc.queryForObject("SELECT count(*) FROM call_record WHERE call_id = ?", Long.class, callId))
			.isEqualTo(1);
		assertThat(jdbc.queryForObject("SELECT count(*) FROM ledger WHERE event_id IN (?, ?)", Long.class,
				written.get(0).get("eventId"), written.get(1).get("eventId")))
			.isEqualTo(2);
	}

	/** Whether the audit group has read the stream up to {@code id}. */
	private static boolean delivered(RStream<String, String> stream, StreamMessageId id) {
		StreamMessageId read = stream.listGroups()
			.stream()
			.filter(group -> group.getName().equals("audit"))
			.findFirst()
			.orElseThrow()
			.getLastDeliveredId();
		return read.getId0() > id.getId0() || read.getId0() == id.getId0() && read.getId1() >= id.getId1();
	}

	@Test
	void refusesBadQuestions() throws Exception {
		String now = AuditHttp.enc(Instant.now().toString());
		String before = AuditHttp.enc(Instant.now().minusSeconds(3600).toString());
		String longAgo = AuditHttp.enc(Instant.now().minus(Duration.ofDays(40)).toString());
		for (String path : List.of("/v1/calls", "/v1/calls?from=" + before, "/v1/calls?from=yesterday&to=" + now,
				"/v1/calls?from=" + now + "&to=" + before, "/v1/calls?from=" + longAgo + "&to=" + now,
				"/v1/calls?from=" + before + "&to=" + now + "&limit=0",
				"/v1/calls?from=" + before + "&to=" + now + "&limit=1001",
				"/v1/calls?from=" + before + "&to=" + now + "&cursor=bm90LWEtY3Vyc29y",
				"/v1/calls?from=" + before + "&to=" + now + "&limit=two")) {
			HttpResponse<String> answer = platform().get(path, Role.PLATFORM);
			assertThat(answer.statusCode()).as(path).isEqualTo(400);
			assertThat(json(answer).get("code").asString()).as(path).isEqualTo("VALIDATION_FAILED");
		}
		HttpResponse<String> noToken = platform()
			.send(HttpRequest.newBuilder(platform().uri("/v1/calls?from=" + before + "&to=" + now)).build());
		assertThat(noToken.statusCode()).isEqualTo(401);
	}

	@Test
	void regulatorsExportCallRecordsMaskedAndRecorded() throws Exception {
		String a = PhoneFixtures.mobile();
		String b = PhoneFixtures.mobile();
		Map<String, Object> binding = lease(a, b);
		String x = (String) binding.get("x");
		String callId = call(x, a);
		event(callId, x, a, "HANGUP", Instant.now().truncatedTo(ChronoUnit.SECONDS).plusSeconds(9),
				Map.of("durationSeconds", 8));
		// a call to a number nobody holds: refused, no platform, still a record
		String stranger = PhoneFixtures.mobile();
		String unheld = "c-" + UUID.randomUUID();
		ManagementNumber block = leases().newBlock();
		RouteCall.Decision refused = route(block.numberAt(7).digits(), stranger, unheld);
		awaitEnded(callId);
		await().atMost(Duration.ofSeconds(15))
			.until(() -> jdbc.queryForObject("SELECT count(*) FROM call_record WHERE call_id = ?", Long.class,
					unheld) == 1);
		Instant started = jdbc
			.queryForObject("SELECT started_at FROM call_record WHERE call_id = ?", java.sql.Timestamp.class, callId)
			.toInstant();
		String range = "from=" + AuditHttp.enc(started.minusSeconds(60).toString()) + "&to="
				+ AuditHttp.enc(started.plusSeconds(60).toString()) + "&reason=" + AuditHttp.enc("case 42");

		HttpResponse<String> jsonl = platform().get("/v1/audit/calls/export?" + range, Role.REGULATOR);
		assertThat(jsonl.statusCode()).isEqualTo(200);
		assertThat(jsonl.headers().firstValue("Content-Type")).hasValueSatisfying(t -> t.contains("x-ndjson"));
		Map<String, JsonNode> lines = new LinkedHashMap<>();
		for (String line : jsonl.body().split("\n")) {
			JsonNode row = JSON.readTree(line);
			lines.put(row.get("callId").asString(), row);
		}
		assertThat(lines).containsKeys(callId, unheld);
		assertThat(lines.get(callId).get("talkSeconds").asInt()).isEqualTo(8);
		assertThat(lines.get(callId).get("callerIndex").asString())
			.isEqualTo(protector.blindIndex(RealNumber.parse(a)));
		assertThat(lines.get(callId).has("recordingLocation")).isFalse();
		assertThat(lines.get(unheld).get("action").asString()).isEqualTo("REJECT");
		assertThat(lines.get(unheld).get("reason").asString()).isEqualTo(refused.reason());
		assertThat(lines.get(unheld).get("platformId").isNull()).isTrue();

		HttpResponse<String> csv = platform().get("/v1/audit/calls/export?format=csv&" + range, Role.REGULATOR);
		assertThat(csv.statusCode()).isEqualTo(200);
		String[] rows = csv.body().split("\r\n");
		assertThat(rows[0]).startsWith("callId,bindingId,platformId,orderId,virtualNumber,callType,callerIndex,caller,")
			.doesNotContain("recordingLocation");
		assertThat(csv.body()).contains(callId).contains(unheld);
		for (String number : List.of(a, b, stranger)) {
			for (String form : PhoneFixtures.forms(number)) {
				assertThat(jsonl.body()).doesNotContain(form);
				assertThat(csv.body()).doesNotContain(form);
			}
		}
		assertThat(jdbc.queryForObject(
				"SELECT count(*) FROM ledger WHERE type = 'ACCESS' AND details::jsonb ->> 'query' = 'calls' "
						+ "AND details::jsonb ->> 'reason' = 'case 42'",
				Long.class))
			.isEqualTo(2);
		// no reason, no export
		assertThat(platform().get("/v1/audit/calls/export?" + range.replace("&reason=case+42", ""), Role.REGULATOR)
			.statusCode()).isEqualTo(400);
		assertThat(platform().get("/v1/audit/calls/export?" + range, Role.PLATFORM).statusCode()).isEqualTo(403);
	}

	@Test
	void noFixtureNumberIsStoredInPlaintext() {
		String a = PhoneFixtures.mobile();
		String b = PhoneFixtures.mobile();
		Map<String, Object> binding = lease(a, b);
		String x = (String) binding.get("x");
		String callId = call(x, a);
		event(callId, x, a, "RINGING", Instant.now(), null);
		event(callId, x, a, "HANGUP", Instant.now().plusSeconds(3), Map.of("durationSeconds", 0));
		awaitEnded(callId);
		String records = jdbc.queryForList("SELECT * FROM call_record WHERE binding_id = ?", binding.get("id"))
			.toString();
		String ledger = jdbc.queryForList("SELECT * FROM ledger WHERE binding_id = ?", binding.get("id")).toString();
		assertThat(records).contains(RealNumber.parse(a).masked());
		for (String number : List.of(a, b)) {
			for (String form : PhoneFixtures.forms(number)) {
				assertThat(records).doesNotContain(form);
				assertThat(ledger).doesNotContain(form);
			}
		}
	}

	@Test
	void deletesRecordsOlderThanTheRetentionOnly() {
		String old = "c-" + UUID.randomUUID();
		String recent = "c-" + UUID.randomUUID();
		Instant now = Instant.now();
		jdbc.update(
				"INSERT INTO call_record (call_id, platform_id, started_at) VALUES (?, 'audit-plat', ?), "
						+ "(?, 'audit-plat', ?)",
				old, java.sql.Timestamp.from(now.minus(Duration.ofDays(190))), recent,
				java.sql.Timestamp.from(now.minus(Duration.ofDays(170))));

		assertThat(retention.apply()).isGreaterThanOrEqualTo(1);
		assertThat(
				jdbc.queryForList("SELECT call_id FROM call_record WHERE call_id IN (?, ?)", String.class, old, recent))
			.containsExactly(recent);
	}

	private Map<String, Object> lease(String a, String b) {
		ManagementNumber block = leases().newBlock();
		return leases().lease(block, 1, a, b, Duration.ofHours(1));
	}

	/** A call from {@code caller} to X, routed by the real script; answers its callId. */
	private String call(String x, String caller) {
		String callId = "c-" + UUID.randomUUID();
		assertThat(route(x, caller, callId).action()).isEqualTo("CONNECT");
		return callId;
	}

	private RouteCall.Decision route(String x, String caller, String callId) {
		RealNumber number = RealNumber.parse(caller);
		return scripts.call(new RouteCall(x, callId, protector.blindIndex(number),
				protector.encryptParties(List.of(number)), "VOICE", 30, 600_000, 86_400_000, 86_400_000,
				"routed:" + callId + ":" + UUID.randomUUID(), 100_000), keys.shardBase(new VirtualNumber(x).shard()));
	}

	/**
	 * A carrier's call event, recorded by the real call-event script as the service does.
	 */
	private void event(String callId, String x, String caller, String kind, Instant at, Map<String, Object> more) {
		RealNumber number = RealNumber.parse(caller);
		Map<String, Object> details = new LinkedHashMap<>();
		details.put("event", kind);
		details.put("occurredAt", at.toString());
		details.put("caller", number.masked());
		if (more != null) {
			details.putAll(more);
		}
		scripts.answer(LeaseScript.CALL_EVENT, keys.shardBase(new VirtualNumber(x).shard()),
				"evt_" + UUID.randomUUID().toString().replace("-", ""), callId, "", protector.blindIndex(number), x,
				JSON.writeValueAsString(details), "100000");
	}

	private void awaitEnded(String callId) {
		await().atMost(Duration.ofSeconds(15))
			.until(() -> jdbc.queryForObject(
					"SELECT count(*) FROM call_record WHERE call_id = ? AND ended_at IS NOT NULL", Long.class,
					callId) == 1);
	}

	/** Every callId of a walk through the pages, following nextCursor. */
	private List<String> walk(String first) throws Exception {
		List<String> seen = new ArrayList<>();
		String cursor = null;
		do {
			String path = cursor == null ? first : first + "&cursor=" + AuditHttp.enc(cursor);
			JsonNode page = json(platform().get(path, Role.PLATFORM));
			assertThat(page.get("calls").size()).isLessThanOrEqualTo(2);
			seen.addAll(ids(page));
			cursor = page.get("nextCursor").isNull() ? null : page.get("nextCursor").asString();
		}
		while (cursor != null);
		return seen;
	}

	private static List<String> ids(JsonNode page) {
		List<String> ids = new ArrayList<>();
		page.get("calls").forEach(call -> ids.add(call.get("callId").asString()));
		return ids;
	}

	private HttpResponse<String> asOther(String path) throws Exception {
		String token = TestInfrastructure.get().mintToken(Audience.AUDIT, "test-other", Role.PLATFORM, "other-plat");
		return platform()
			.send(HttpRequest.newBuilder(platform().uri(path)).header("Authorization", "Bearer " + token).build());
	}

	private AuditHttp platform() {
		return new AuditHttp(port);
	}

	private static JsonNode json(HttpResponse<String> response) {
		assertThat(response.statusCode()).as(response.body()).isLessThan(500);
		return JSON.readTree(response.body());
	}

}
