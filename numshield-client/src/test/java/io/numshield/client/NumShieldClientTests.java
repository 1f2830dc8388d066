package io.numshield.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.numshield.client.FakeGateway.Received;
import io.numshield.client.FakeGateway.Reply;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What each typed method sends, as a real HTTP server on loopback receives it (method,
 * raw path and query, headers, body, a signature the gateway would accept), and how it
 * reads the answer. The numbers are test-support's fixtures ({@code PhoneFixtures}: the
 * {@code xxx0000nnnn} corner of each series), written out because this module does not
 * depend on test-support.
 */
class NumShieldClientTests {

	private static final String KEY_ID = "pk_0123456789abcdef0123";

	private static final String SECRET = "s3cr3t-of-the-key_with-some-length";

	/** PhoneFixtures.mobile(101), mobile(100102). */
	private static final String A = "13800000101";

	private static final String B = "13900000102";

	private static final String X = "700123450001234";

	private static final String BINDING_ID = "07ABCDEFGHJKMNPQ";

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final String BINDING_VIEW = """
			{"bindingId":"07ABCDEFGHJKMNPQ","mode":"AXB","orderId":"ORD-1","virtualNumber":"700123450001234",
			 "partyA":"138****0101","partyB":"139****0102","direction":"BOTH","recording":false,
			 "createdAt":"2026-11-30T10:00:00Z","expiresAt":"2026-11-30T10:30:00Z","status":"ACTIVE"}""";

	private FakeGateway gateway;

	private NumShieldClient client;

	@BeforeEach
	void start() throws IOException {
		gateway = new FakeGateway();
		client = NumShieldClient.create(gateway.uri(), KEY_ID + ":" + SECRET);
	}

	@AfterEach
	void stop() {
		gateway.close();
	}

	@Test
	void bindPostsTheRequestWithItsIdempotencyKeyInTheSignature() {
		gateway.then(Reply.json(201, BINDING_VIEW));

		Binding bound = client.bind(BindRequest.axb("ORD-1", A, B, 1800,
				new BindRequest.Consent("consent-1", Instant.parse("2026-11-30T09:59:00Z"))), "ORD-1-bind");

		Received sent = only(gateway.requests());
		assertThat(sent.method()).isEqualTo("POST");
		assertThat(sent.rawPath()).isEqualTo("/v1/bindings");
		assertThat(sent.header("Content-Type")).isEqualTo("application/json");
		assertThat(sent.header("Idempotency-Key")).isEqualTo("ORD-1-bind");
		assertThat(sent.signedWith(KEY_ID, SECRET)).isTrue();
		JsonNode body = JSON.readTree(sent.text());
		assertThat(body.propertyNames()).containsExactlyInAnyOrder("mode", "orderId", "partyA", "partyB", "ttlSeconds",
				"consent");
		assertThat(body.get("mode").asString()).isEqualTo("AXB");
		assertThat(body.get("ttlSeconds").asLong()).isEqualTo(1800);
		assertThat(body.get("consent").get("grantedAt").asString()).isEqualTo("2026-11-30T09:59:00Z");
		assertThat(bound.bindingId()).isEqualTo(BINDING_ID);
		assertThat(bound.virtualNumber()).isEqualTo(X);
		assertThat(bound.releasedAt()).isNull();
	}

	@Test
	void theSignatureCoversTheIdempotencyKey() {
		gateway.then(Reply.json(201, BINDING_VIEW));
		client.bind(BindRequest.axn("ORD-1", A, 600, new BindRequest.Consent("c", Instant.now())), "key-1");

		Received sent = only(gateway.requests());
		// the same request with the key swapped in transit does not verify
		Received swapped = new Received(sent.method(), sent.rawPath(), sent.rawQuery(),
				Map.of("authorization", List.of(sent.header("Authorization")), "idempotency-key", List.of("key-2")),
				sent.body(), sent.receivedAtNanos());
		assertThat(sent.signedWith(KEY_ID, SECRET)).isTrue();
		assertThat(swapped.signedWith(KEY_ID, SECRET)).isFalse();
		assertThat(sent.signedWith(KEY_ID, "another secret")).isFalse();
	}

	@Test
	void getFindUpdateAndReleaseUseTheirMethodsAndPaths() {
		gateway
			.then(Reply.json(200, BINDING_VIEW.replace("\"status\":\"ACTIVE\"",
					"\"status\":\"RELEASED\",\"releasedAt\":\"2026-11-30T10:05:00Z\",\"releaseReason\":\"DELETED\"")))
			.then(Reply.json(200, "{\"bindings\":[" + BINDING_VIEW + "]}"))
			.then(Reply.json(200, BINDING_VIEW))
			.then(Reply.noContent());

		Binding ended = client.get(BINDING_ID);
		List<Binding> ofOrder = client.findByOrder("ORD:1 a+b");
		client.update(BINDING_ID, BindingUpdate.ttl(600));
		client.release(BINDING_ID);

		List<Received> sent = gateway.requests();
		assertThat(sent).extracting(Received::method).containsExactly("GET", "GET", "PATCH", "DELETE");
		assertThat(sent).extracting(Received::rawPath)
			.containsExactly("/v1/bindings/" + BINDING_ID, "/v1/bindings", "/v1/bindings/" + BINDING_ID,
					"/v1/bindings/" + BINDING_ID);
		assertThat(sent.get(1).rawQuery()).isEqualTo("orderId=ORD%3A1%20a%2Bb");
		assertThat(sent.get(2).text()).isEqualTo("{\"ttlSeconds\":600}");
		assertThat(sent.get(0).body()).isEmpty();
		assertThat(sent.get(0).header("Content-Type")).isNull();
		assertThat(sent).allSatisfy(r -> assertThat(r.signedWith(KEY_ID, SECRET)).isTrue());
		assertThat(FakeGateway.nonces(sent)).doesNotHaveDuplicates();

		assertThat(ended.status()).isEqualTo("RELEASED");
		assertThat(ended.releasedAt()).isEqualTo(Instant.parse("2026-11-30T10:05:00Z"));
		assertThat(ended.releaseReason()).isEqualTo("DELETED");
		assertThat(ofOrder).extracting(Binding::bindingId).containsExactly(BINDING_ID);
	}

	@Test
	void aCarrierRoutesACall() {
		gateway
			.then(Reply.json(200,
					"{\"action\":\"CONNECT\",\"callId\":\"call-1\",\"bindingId\":\"" + BINDING_ID
							+ "\",\"callee\":\"+86" + B + "\",\"displayNumber\":\"" + X + "\",\"record\":false}"))
			.then(Reply.json(200, "{\"action\":\"REJECT\",\"callId\":\"call-2\",\"reason\":\"CALLER_NOT_PARTY\"}"));

		RouteAnswer connect = client.route(RouteRequest.voice("call-1", A, X));
		RouteAnswer reject = client.route(RouteRequest.sms("call-2", "13700000103", X));

		Received first = gateway.requests().get(0);
		assertThat(first.method()).isEqualTo("POST");
		assertThat(first.rawPath()).isEqualTo("/v1/call-routes");
		assertThat(first.signedWith(KEY_ID, SECRET)).isTrue();
		assertThat(JSON.readTree(first.text())).isEqualTo(JSON
			.readTree("{\"callId\":\"call-1\",\"caller\":\"" + A + "\",\"called\":\"" + X + "\",\"type\":\"VOICE\"}"));
		assertThat(JSON.readTree(gateway.requests().get(1).text()).get("type").asString()).isEqualTo("SMS");
		assertThat(connect.connects()).isTrue();
		assertThat(connect.callee()).isEqualTo("+86" + B);
		assertThat(connect.displayNumber()).isEqualTo(X);
		assertThat(connect.bindingId()).isEqualTo(BINDING_ID);
		assertThat(reject.connects()).isFalse();
		assertThat(reject.reason()).isEqualTo("CALLER_NOT_PARTY");
		assertThat(reject.callee()).isNull();
	}

	@Test
	void aCarrierReportsCallEventsWithOnlyTheFieldsItGives() {
		gateway
			.then(Reply.json(202,
					"{\"eventId\":\"evt_0123456789abcdef0123456789abcdef\",\"bindingId\":\"" + BINDING_ID
							+ "\",\"delivering\":true}"))
			.then(Reply.json(202, "{\"eventId\":\"evt_fedcba9876543210fedcba9876543210\",\"bindingId\":null,"
					+ "\"delivering\":false}"));
		Instant at = Instant.parse("2026-11-30T10:01:02Z");

		CallEventRecorded hangup = client.reportCallEvent(
				CallEvent.hangup("call-1", A, X, at, 42).withBindingId(BINDING_ID).withRelease(16, "CALLER"));
		CallEventRecorded ringing = client.reportCallEvent(CallEvent.ringing("call-2", A, X, at));

		List<Received> sent = gateway.requests();
		assertThat(sent).extracting(Received::rawPath).containsOnly("/v1/call-events");
		assertThat(sent).allSatisfy(r -> assertThat(r.signedWith(KEY_ID, SECRET)).isTrue());
		assertThat(JSON.readTree(sent.get(0).text())).isEqualTo(JSON.readTree("{\"callId\":\"call-1\",\"bindingId\":\""
				+ BINDING_ID + "\",\"caller\":\"" + A + "\",\"called\":\"" + X + "\",\"event\":\"HANGUP\","
				+ "\"occurredAt\":\"2026-11-30T10:01:02Z\",\"durationSeconds\":42,\"releaseCause\":16,"
				+ "\"releaseDirection\":\"CALLER\"}"));
		assertThat(JSON.readTree(sent.get(1).text()).propertyNames()).containsExactlyInAnyOrder("callId", "caller",
				"called", "event", "occurredAt");
		assertThat(hangup.eventId()).isEqualTo("evt_0123456789abcdef0123456789abcdef");
		assertThat(hangup.bindingId()).isEqualTo(BINDING_ID);
		assertThat(hangup.delivering()).isTrue();
		assertThat(ringing.bindingId()).isNull();
		assertThat(ringing.delivering()).isFalse();
	}

	@Test
	void aCarrierTakesATokenWithoutABody() {
		gateway.then(Reply.json(200,
				"{\"token\":\"eyJhbGciOiJFUzI1NiJ9.e30.c2ln\",\"tokenType\":\"Bearer\","
						+ "\"audience\":\"numshield-routing\",\"expiresAt\":\"2026-11-30T10:15:00Z\",\"expiresIn\":900,"
						+ "\"pools\":[\"pool-1\"]}"));

		CarrierToken token = client.token();

		Received sent = only(gateway.requests());
		assertThat(sent.method()).isEqualTo("POST");
		assertThat(sent.rawPath()).isEqualTo("/v1/tokens");
		assertThat(sent.body()).isEmpty();
		assertThat(sent.signedWith(KEY_ID, SECRET)).isTrue();
		assertThat(token.token()).isEqualTo("eyJhbGciOiJFUzI1NiJ9.e30.c2ln");
		assertThat(token.audience()).isEqualTo("numshield-routing");
		assertThat(token.expiresAt()).isEqualTo(Instant.parse("2026-11-30T10:15:00Z"));
		assertThat(token.expiresIn()).isEqualTo(900);
		assertThat(token.pools()).containsExactly("pool-1");
		assertThat(token.toString()).doesNotContain(token.token());
	}

	@Test
	void aRefusalIsANumShieldExceptionWithTheProblem() {
		gateway.then(Reply.problem(403, "OUT_OF_SCOPE", "the called number is not in a pool of this key"));

		assertThatThrownBy(() -> client.route(RouteRequest.voice("call-1", A, X)))
			.isInstanceOfSatisfying(NumShieldException.class, ex -> {
				assertThat(ex.status()).isEqualTo(403);
				assertThat(ex.code()).isEqualTo("OUT_OF_SCOPE");
				assertThat(ex.detail()).isEqualTo("the called number is not in a pool of this key");
				assertThat(ex.body()).contains("\"type\":\"https://numshield.io/problems/out-of-scope\"");
				assertThat(ex.attempts()).isEqualTo(1);
				assertThat(ex.retryAfter()).isNull();
				assertThat(ex.getMessage())
					.isEqualTo("403 OUT_OF_SCOPE: the called number is not in a pool of this key");
			});
		assertThat(gateway.requests()).hasSize(1);
	}

	@Test
	void exchangeAnswersAnErrorInsteadOfThrowing() {
		gateway.then(Reply.problem(404, "BINDING_NOT_FOUND", "no binding " + BINDING_ID));

		NumShieldClient.Answer answer = client.exchange("GET", "/v1/bindings/" + BINDING_ID, null, null);

		assertThat(answer.status()).isEqualTo(404);
		assertThat(answer.code()).isEqualTo("BINDING_NOT_FOUND");
		assertThat(answer.detail()).isEqualTo("no binding " + BINDING_ID);
		assertThat(answer.attempts()).isEqualTo(1);
	}

	@Test
	void aDownloadIsSignedAndStreamedAndItsRefusalThrows() throws IOException {
		gateway.then(new Reply(200, "application/x-ndjson", "{\"seq\":1}\n{\"seq\":2}\n",
				Map.of("Content-Disposition", "attachment; filename=\"events.jsonl\"")));

		String query = Ns1Signature.query(Map.of("from", "2026-11-30T00:00:00Z", "reason", "case 42"));
		try (NumShieldClient.Download download = client.download("/v1/audit/events", query)) {
			assertThat(download.status()).isEqualTo(200);
			assertThat(download.contentType()).isEqualTo("application/x-ndjson");
			assertThat(download.contentDisposition()).isEqualTo("attachment; filename=\"events.jsonl\"");
			assertThat(new String(download.body().readAllBytes(), StandardCharsets.UTF_8))
				.isEqualTo("{\"seq\":1}\n{\"seq\":2}\n");
		}
		Received sent = only(gateway.requests());
		assertThat(sent.method()).isEqualTo("GET");
		assertThat(sent.rawQuery()).isEqualTo(query);
		assertThat(sent.signedWith(KEY_ID, SECRET)).isTrue();

		gateway.then(Reply.problem(400, "VALIDATION_FAILED", "query parameter reason: required"));
		assertThatThrownBy(() -> client.download("/v1/audit/events", "from=x"))
			.isInstanceOfSatisfying(NumShieldException.class, ex -> {
				assertThat(ex.status()).isEqualTo(400);
				assertThat(ex.code()).isEqualTo("VALIDATION_FAILED");
				assertThat(ex.detail()).isEqualTo("query parameter reason: required");
			});
	}

	@Test
	void aKeyIsRequired() {
		assertThatThrownBy(() -> NumShieldClient.builder(gateway.uri()).build())
			.isInstanceOf(IllegalStateException.class);
		assertThatThrownBy(() -> NumShieldClient.create(gateway.uri(), "no-colon"))
			.isInstanceOf(IllegalArgumentException.class);
	}

	private static Received only(List<Received> requests) {
		assertThat(requests).hasSize(1);
		return requests.get(0);
	}

}
