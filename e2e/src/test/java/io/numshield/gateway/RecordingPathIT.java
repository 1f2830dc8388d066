package io.numshield.gateway;

import static io.numshield.gateway.EdgeIT.expectProblem;
import static io.numshield.gateway.SignedCalls.call;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.numshield.client.BindRequest;
import io.numshield.client.Binding;
import io.numshield.client.BindingUpdate;
import io.numshield.client.CallEvent;
import io.numshield.client.CallRecord;
import io.numshield.client.CallRecordPage;
import io.numshield.client.NumShieldClient;
import io.numshield.client.NumShieldException;
import io.numshield.client.RecordingLink;
import io.numshield.client.RouteAnswer;
import io.numshield.client.RouteRequest;
import io.numshield.testsupport.PhoneFixtures;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A recorded call from end to end, through the gateway in front of the three services
 * started from their jars, each party using the Java client as integrators do: a platform
 * binds an AXE extension that asks for recording and a ring-back tone of its own; the
 * carrier routes the dialed {@code X,NNNN} (the CONNECT carries the recording flag and
 * the call controls of binding and pool), reports the call and then
 * {@code RECORDING_READY} with the file's location in the carrier's store
 * ({@link RecordingStoreServer}, which wants a credential of its own); the platform finds
 * the call in its call records, asks for a link and fetches the file through the gateway
 * without a signature. The location and the store's credential reach no platform; another
 * platform gets neither the call nor its recording; a changed link and an expired one are
 * refused.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class RecordingPathIT {

	private static final SignedCalls.Key OPERATOR = GatewayITSupport.OPERATOR;

	@LocalServerPort
	int port;

	@DynamicPropertySource
	static void infrastructure(DynamicPropertyRegistry registry) {
		ServiceProcesses.registerGatewayInFront(registry, OPERATOR);
	}

	@Test
	void theCarriersRecordingReachesItsPlatformThroughAShortLivedLinkAndNoOneElse() throws Exception {
		URI gateway = URI.create("http://127.0.0.1:" + port);
		SignedCalls gw = new SignedCalls(gateway.toString());
		String run = Long.toString(System.nanoTime() % 1_000_000, 36);

		// a pool whose calls last at most 10 minutes, with an announcement; two platforms
		String pool = "rec-pool-" + run;
		gw.send(call("POST", "/v1/pools", null, Map.of("poolId", pool, "numberKind", "SEGMENT_700",
				"maxCallDurationSeconds", 600, "announcementId", "protected-call"), OPERATOR))
			.expect(201);
		// 7003: a corner of its own among the e2e tests' blocks
		String block = "7003" + String.format("%07d", (int) (System.nanoTime() % 10_000_000));
		gw.send(call("POST", "/v1/pools/" + pool + "/blocks", null, Map.of("managementNumbers", List.of(block)),
				OPERATOR))
			.expect(201);
		String platform = "rec-platform-" + run;
		String other = "rec-other-" + run;
		for (String id : List.of(platform, other)) {
			gw.send(call("POST", "/v1/platforms", null, Map.of("platformId", id, "name", id, "pools", List.of(pool)),
					OPERATOR))
				.expect(201);
		}
		NumShieldClient owner = client(gateway,
				IssuedKeys.issue(gw, Map.of("role", "PLATFORM", "platformId", platform)));
		NumShieldClient stranger = client(gateway,
				IssuedKeys.issue(gw, Map.of("role", "PLATFORM", "platformId", other)));
		NumShieldClient carrier = client(gateway,
				IssuedKeys.issue(gw, Map.of("role", "CARRIER", "pools", List.of(pool))));

		// an AXE extension, recorded, with a ring-back tone of its own
		String a = PhoneFixtures.mobile();
		String b = PhoneFixtures.mobile();
		Binding bound = owner.bind(BindRequest
			.axe("REC-" + run, a, b, 1800, new BindRequest.Consent("rec-consent-" + run, Instant.now().minusSeconds(5)))
			.withRecording(true)
			.withCallControls(null, null, "tone-e2e"), "rec-bind-" + run);
		assertThat(bound.mode()).isEqualTo("AXE");
		assertThat(bound.recording()).isTrue();
		assertThat(bound.extension()).matches("[0-9]{4}");
		assertThat(bound.dialString()).isEqualTo(bound.virtualNumber() + "," + bound.extension());
		assertThat(bound.ringbackToneId()).isEqualTo("tone-e2e");

		// the platform shortens the binding's calls to 5 minutes
		Binding changed = owner.update(bound.bindingId(), BindingUpdate.callControls(300, null, null));
		assertThat(changed.maxCallDurationSeconds()).isEqualTo(300);
		assertThat(changed.ringbackToneId()).isEqualTo("tone-e2e");

		// B dials X,NNNN: A, recorded, with the binding's limit and tone and the pool's
		// announcement
		String callId = "rec-call-" + run;
		RouteAnswer route = carrier.route(RouteRequest.voice(callId, b, bound.dialString()));
		assertThat(route.connects()).as(route.toString()).isTrue();
		assertThat(route.bindingId()).isEqualTo(bound.bindingId());
		assertThat(route.callee()).endsWith(a);
		assertThat(route.record()).isTrue();
		assertThat(route.maxDurationSeconds()).isEqualTo(300);
		assertThat(route.announcementId()).isEqualTo("protected-call");
		assertThat(route.ringbackToneId()).isEqualTo("tone-e2e");

		// the call, then its recording in the carrier's store
		Instant answeredAt = Instant.now().truncatedTo(ChronoUnit.SECONDS);
		String x = bound.virtualNumber();
		carrier.reportCallEvent(CallEvent.answered(callId, b, x, answeredAt)
			.withBindingId(bound.bindingId())
			.withExtension(bound.extension()));
		carrier.reportCallEvent(CallEvent.hangup(callId, b, x, answeredAt.plusSeconds(42), 42)
			.withBindingId(bound.bindingId())
			.withExtension(bound.extension())
			.withRelease(16, "CALLER"));
		byte[] file = ("RIFF-e2e-recording-" + run).getBytes(StandardCharsets.UTF_8);
		String location = "calls/" + run + "/" + callId + ".wav";
		RecordingStoreServer.get().put(location, file);
		carrier.reportCallEvent(CallEvent.recordingReady(callId, b, x, answeredAt.plusSeconds(43), location)
			.withBindingId(bound.bindingId())
			.withExtension(bound.extension()));

		// the platform sees the call in its records once the audit service took it in
		CallRecord record = await().atMost(Duration.ofSeconds(60))
			.pollInterval(Duration.ofMillis(250))
			.until(() -> recorded(owner.callsOf(bound.bindingId(), 50, null), callId), r -> r != null && r.recording());
		assertThat(record.action()).isEqualTo("CONNECT");
		assertThat(record.callerRole()).isEqualTo("B");
		assertThat(record.caller()).doesNotContain(b).contains("****");
		assertThat(record.talkSeconds()).isEqualTo(42);
		assertThat(
				recorded(owner.calls(answeredAt.minusSeconds(600), Instant.now().plusSeconds(60), 200, null), callId))
			.isNotNull();

		// a link, fetched through the gateway without a signature
		RecordingLink link = owner.recordingLink(callId);
		assertThat(link.url().toString()).startsWith(ServiceProcesses.RECORDING_LINK_BASE + "/v1/recordings/")
			.doesNotContain(location)
			.doesNotContain(RecordingStoreServer.AUTHORIZATION);
		assertThat(link.expiresAt()).isAfter(Instant.now())
			.isBefore(Instant.now().plusSeconds(ServiceProcesses.RECORDING_LINK_LIFETIME_SECONDS + 2));
		HttpResponse<byte[]> fetched = fetch(gateway, link.url().getRawPath());
		assertThat(fetched.statusCode()).isEqualTo(200);
		assertThat(fetched.body()).isEqualTo(file);
		assertThat(fetched.headers().firstValue("Cache-Control")).hasValue("no-store");
		assertThat(fetched.headers().map().toString()).doesNotContain(RecordingStoreServer.AUTHORIZATION)
			.doesNotContain(location);
		// the store was asked for that key with its own credential
		assertThat(RecordingStoreServer.get().requests()).contains(location + " " + RecordingStoreServer.AUTHORIZATION);

		// another platform: neither the call nor its recording
		assertThatThrownBy(() -> stranger.recordingLink(callId)).isInstanceOfSatisfying(NumShieldException.class,
				ex -> assertThat(ex.code()).isEqualTo("CALL_NOT_FOUND"));
		assertThatThrownBy(() -> stranger.callsOf(bound.bindingId(), 50, null)).isInstanceOfSatisfying(
				NumShieldException.class, ex -> assertThat(ex.code()).isEqualTo("BINDING_NOT_FOUND"));
		assertThat(recorded(stranger.calls(answeredAt.minusSeconds(600), Instant.now().plusSeconds(60), 200, null),
				callId))
			.isNull();

		// a changed link, then the link itself once expired
		String path = link.url().getRawPath();
		char last = path.charAt(path.length() - 1);
		String tampered = path.substring(0, path.length() - 1) + (last == 'A' ? 'B' : 'A');
		expectLinkRefused(fetch(gateway, tampered));
		await().atMost(Duration.ofSeconds(ServiceProcesses.RECORDING_LINK_LIFETIME_SECONDS + 10))
			.pollInterval(Duration.ofMillis(500))
			.until(() -> Instant.now().isAfter(link.expiresAt().plusSeconds(1)));
		expectLinkRefused(fetch(gateway, path));
	}

	private static NumShieldClient client(URI gateway, SignedCalls.Key key) {
		return NumShieldClient.create(gateway, key.keyId(), key.secret());
	}

	private static @Nullable CallRecord recorded(CallRecordPage page, String callId) {
		return page.calls().stream().filter(r -> r.callId().equals(callId)).findFirst().orElse(null);
	}

	private static HttpResponse<byte[]> fetch(URI gateway, String path) throws Exception {
		return HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(gateway.resolve(path)).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
	}

	private static void expectLinkRefused(HttpResponse<byte[]> answer) {
		String body = new String(answer.body(), StandardCharsets.UTF_8);
		expectProblem(
				new SignedCalls.Response(answer.statusCode(), SignedCalls.JSON.readTree(body), body,
						answer.headers().firstValue("Content-Type").orElse(""), null, null),
				403, "RECORDING_LINK_INVALID");
	}

}
