package io.numshield.audit.call;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.numshield.audit.AuditHttp;
import io.numshield.audit.AuditIntegrationTest;
import io.numshield.audit.AuditTestContext;
import io.numshield.audit.RecordingStoreServer;
import io.numshield.core.number.ManagementNumber;
import io.numshield.core.number.RealNumber;
import io.numshield.core.number.VirtualNumber;
import io.numshield.core.redis.LeaseScript;
import io.numshield.core.redis.RouteCall;
import io.numshield.core.token.Audience;
import io.numshield.core.token.Role;
import io.numshield.testsupport.PhoneFixtures;
import io.numshield.testsupport.TestInfrastructure;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.redisson.api.stream.StreamAddArgs;
import org.redisson.client.codec.StringCodec;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A recording's whole way from the audit streams to the platform: the entries
 * call-routing-service writes for a carrier's RECORDING_READY (the location's
 * {@code CALL_RECORDING}, encrypted, then the {@code CALL_EVENT} by the real script;
 * call-routing's {@code CallEventsIT} proves it writes exactly these), the call record,
 * the platform's link, and the file fetched through it from a local store that wants its
 * credential. Another platform, an unknown call, a call without a recording, an expired
 * or tampered link are refused; issuing and fetching are ACCESS entries; the location is
 * stored nowhere in plaintext.
 */
class RecordingLinksIT extends AuditIntegrationTest {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final HttpClient HTTP = HttpClient.newHttpClient();

	@Value("${local.server.port}")
	int port;

	@Autowired
	RecordingLinks links;

	@Test
	void aPlatformFetchesItsCallsRecordingThroughAShortLivedLink() throws Exception {
		byte[] file = new byte[4096];
		new SecureRandom().nextBytes(file);
		String location = "calls/" + UUID.randomUUID() + ".wav";
		RecordingStoreServer.get().put(location, file);
		String callId = recordedCall(location);

		HttpResponse<String> answer = http().get("/v1/calls/" + callId + "/recording", Role.PLATFORM);
		assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
		JsonNode link = JSON.readTree(answer.body());
		String url = link.get("url").asString();
		Instant expires = Instant.parse(link.get("expiresAt").asString());
		assertThat(url).startsWith("http://127.0.0.1:8080/v1/recordings/v1.")
			.doesNotContain(RecordingStoreServer.get().url())
			.doesNotContain(location)
			.doesNotContain("credential");
		assertThat(expires).isAfter(Instant.now()).isBefore(Instant.now().plus(Duration.ofMinutes(6)));

		// the link, as the gateway forwards it: no API token, the token is the credential
		HttpResponse<byte[]> fetched = fetch(token(url));
		assertThat(fetched.statusCode()).isEqualTo(200);
		assertThat(fetched.body()).isEqualTo(file);
		assertThat(fetched.headers().firstValue("Content-Type")).hasValue("audio/wav");
		assertThat(fetched.headers().firstValue("Cache-Control")).hasValue("no-store");

		assertThat(jdbc.queryForList(
				"SELECT details::jsonb ->> 'query' FROM ledger WHERE type = 'ACCESS' AND platform_id = ? "
						+ "AND details::jsonb ->> 'callId' = ? ORDER BY seq",
				String.class, AuditTestContext.PLATFORM, callId))
			.containsExactly("recording-link", "recording-fetch");
		String stored = jdbc.queryForList("SELECT * FROM call_record WHERE call_id = ?", callId).toString()
				+ jdbc.queryForList("SELECT * FROM ledger WHERE details LIKE ?", "%" + callId + "%").toString();
		assertThat(stored).doesNotContain(location);
	}

	@Test
	void refusesOtherPlatformsUnknownCallsAndCallsWithoutRecording() throws Exception {
		String location = "calls/" + UUID.randomUUID() + ".wav";
		RecordingStoreServer.get().put(location, new byte[] { 1, 2, 3 });
		String callId = recordedCall(location);

		String other = TestInfrastructure.get().mintToken(Audience.AUDIT, "test-other", Role.PLATFORM, "other-plat");
		HttpResponse<String> theirs = http()
			.send(HttpRequest.newBuilder(http().uri("/v1/calls/" + callId + "/recording"))
				.header("Authorization", "Bearer " + other)
				.build());
		assertThat(theirs.statusCode()).isEqualTo(404);
		assertThat(code(theirs)).isEqualTo("CALL_NOT_FOUND");
		HttpResponse<String> unknown = http().get("/v1/calls/c-" + UUID.randomUUID() + "/recording", Role.PLATFORM);
		assertThat(unknown.statusCode()).isEqualTo(404);
		assertThat(code(unknown)).isEqualTo("CALL_NOT_FOUND");

		String silent = call(PhoneFixtures.mobile(), PhoneFixtures.mobile()).callId();
		await().atMost(Duration.ofSeconds(15))
			.until(() -> jdbc.queryForObject("SELECT count(*) FROM call_record WHERE call_id = ?", Long.class,
					silent) == 1);
		HttpResponse<String> none = http().get("/v1/calls/" + silent + "/recording", Role.PLATFORM);
		assertThat(none.statusCode()).isEqualTo(404);
		assertThat(code(none)).isEqualTo("RECORDING_NOT_FOUND");
		assertThat(http().get("/v1/calls/" + callId + "/recording", Role.REGULATOR).statusCode()).isEqualTo(403);
		assertThat(jdbc.queryForObject(
				"SELECT count(*) FROM ledger WHERE type = 'ACCESS' AND details::jsonb ->> 'callId' IN (?, ?)",
				Long.class, callId, silent))
			.isZero();
	}

	@Test
	void refusesExpiredAndTamperedLinksAndFilesTheStoreDoesNotHave() throws Exception {
		String location = "calls/" + UUID.randomUUID() + ".wav";
		RecordingStoreServer.get().put(location, new byte[] { 7 });
		String callId = recordedCall(location);

		HttpResponse<byte[]> expired = fetch(
				links.token(callId, AuditTestContext.PLATFORM, Instant.now().minusSeconds(1)));
		assertThat(expired.statusCode()).isEqualTo(403);
		assertThat(new String(expired.body(), StandardCharsets.UTF_8)).contains("RECORDING_LINK_INVALID")
			.contains("expired");

		String valid = links.token(callId, AuditTestContext.PLATFORM, Instant.now().plusSeconds(60));
		assertThat(fetch(valid).statusCode()).isEqualTo(200);
		String[] parts = valid.split("\\.");
		String otherPayload = Base64.getUrlEncoder()
			.withoutPadding()
			.encodeToString((callId + "\nother-plat\n" + (Instant.now().getEpochSecond() + 60))
				.getBytes(StandardCharsets.UTF_8));
		// the same MAC spelt otherwise: its last character's two unused bits changed
		String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
		String respelt = valid.substring(0, valid.length() - 1)
				+ alphabet.charAt(alphabet.indexOf(valid.charAt(valid.length() - 1)) ^ 1);
		assertThat(Base64.getUrlDecoder().decode(respelt.split("\\.")[2]))
			.isEqualTo(Base64.getUrlDecoder().decode(parts[2]));
		for (String forged : List.of(parts[0] + "." + otherPayload + "." + parts[2],
				valid.substring(0, valid.length() - 2) + (valid.endsWith("AA") ? "BB" : "AA"), respelt, "v1.x.y",
				"nonsense")) {
			HttpResponse<byte[]> refused = fetch(forged);
			assertThat(refused.statusCode()).as(forged).isEqualTo(403);
			assertThat(new String(refused.body(), StandardCharsets.UTF_8)).contains("RECORDING_LINK_INVALID");
		}

		String gone = recordedCall("calls/never-stored-" + UUID.randomUUID() + ".wav");
		HttpResponse<byte[]> missing = fetch(
				links.token(gone, AuditTestContext.PLATFORM, Instant.now().plusSeconds(60)));
		assertThat(missing.statusCode()).isEqualTo(404);
		assertThat(new String(missing.body(), StandardCharsets.UTF_8)).contains("RECORDING_NOT_FOUND");
		// the store was always asked with its credential
		assertThat(RecordingStoreServer.get().refused()).isZero();
	}

	/**
	 * A routed call whose carrier reported its recording at {@code location}: the two
	 * entries call-routing-service writes, then the call record holds it.
	 */
	private String recordedCall(String location) {
		String a = PhoneFixtures.mobile();
		Routed routed = call(a, PhoneFixtures.mobile());
		VirtualNumber x = new VirtualNumber(routed.x());
		Map<String, String> recording = new LinkedHashMap<>();
		recording.put("v", "1");
		recording.put("eventId", "recording:" + routed.callId() + ":" + UUID.randomUUID());
		recording.put("type", "CALL_RECORDING");
		recording.put("occurredAt", Long.toString(System.currentTimeMillis()));
		recording.put("callId", routed.callId());
		recording.put("virtualNumber", x.digits());
		recording.put("recordingLocation", protector.encryptRecordingLocation(location));
		redisson.<String, String>getStream(keys.calls(x.shard()), StringCodec.INSTANCE)
			.add(StreamAddArgs.entries(recording));
		RealNumber caller = RealNumber.parse(a);
		scripts.answer(LeaseScript.CALL_EVENT, keys.shardBase(x.shard()),
				"evt_" + UUID.randomUUID().toString().replace("-", ""), routed.callId(), "",
				protector.blindIndex(caller), x.digits(), JSON.writeValueAsString(Map.of("event", "RECORDING_READY",
						"occurredAt", Instant.now().toString(), "caller", caller.masked())),
				"100000");
		await().atMost(Duration.ofSeconds(15))
			.until(() -> jdbc.queryForObject(
					"SELECT count(*) FROM call_record WHERE call_id = ? AND recording_location IS NOT NULL", Long.class,
					routed.callId()) == 1);
		return routed.callId();
	}

	private record Routed(String callId, String x) {
	}

	private Routed call(String a, String b) {
		ManagementNumber block = leases().newBlock();
		String x = (String) leases().lease(block, 1, a, b, Duration.ofHours(1)).get("x");
		RealNumber caller = RealNumber.parse(a);
		String callId = "c-" + UUID.randomUUID();
		RouteCall.Decision decision = scripts.call(
				new RouteCall(x, callId, protector.blindIndex(caller), protector.encryptParties(List.of(caller)),
						"VOICE", 30, 600_000, 86_400_000, 86_400_000, "routed:" + callId, 100_000),
				keys.shardBase(new VirtualNumber(x).shard()));
		assertThat(decision.action()).isEqualTo("CONNECT");
		return new Routed(callId, x);
	}

	private static String token(String url) {
		return url.substring(url.lastIndexOf('/') + 1);
	}

	private HttpResponse<byte[]> fetch(String token) throws Exception {
		return HTTP.send(
				HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/recordings/" + token)).build(),
				HttpResponse.BodyHandlers.ofByteArray());
	}

	private AuditHttp http() {
		return new AuditHttp(port);
	}

	private static String code(HttpResponse<String> answer) {
		return JSON.readTree(answer.body()).get("code").asString();
	}

}
