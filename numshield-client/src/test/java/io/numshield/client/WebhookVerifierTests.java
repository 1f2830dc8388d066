package io.numshield.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;

class WebhookVerifierTests {

	/** The example of the Standard Webhooks specification. */
	private static final String SPEC_SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

	private static final String SPEC_ID = "msg_p5jXN8AQM9LWM0D4loKWxJek";

	private static final long SPEC_TIMESTAMP = 1614265330;

	private static final String SPEC_BODY = "{\"test\": 2432232314}";

	private static final String SPEC_SIGNATURE = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=";

	private static final String SECRET = newSecret();

	private static final String BODY = "{\"eventId\":\"evt-1\",\"type\":\"CALL_ANSWERED\"}";

	@Test
	void signsAndVerifiesTheStandardWebhooksExample() {
		assertThat(WebhookSignature.sign(SPEC_SECRET, SPEC_ID, SPEC_TIMESTAMP, SPEC_BODY)).isEqualTo(SPEC_SIGNATURE);
		assertThat(verifierAt(SPEC_SECRET, SPEC_TIMESTAMP + 10).verify(headers(SPEC_ID, SPEC_TIMESTAMP, SPEC_SIGNATURE),
				SPEC_BODY))
			.isEqualTo(SPEC_ID);
	}

	@Test
	void verifiesADeliveryWithHeadersInAnyCase() {
		long now = 1_800_000_000L;
		String signature = WebhookSignature.sign(SECRET, "evt-1", now, BODY);

		assertThat(verifierAt(SECRET, now).verify(Map.of("Webhook-Id", List.of("evt-1"), "WEBHOOK-TIMESTAMP",
				List.of(Long.toString(now)), "webhook-signature", List.of(signature)), BODY))
			.isEqualTo("evt-1");
	}

	@Test
	void refusesATamperedBodyIdOrTimestamp() {
		long now = 1_800_000_000L;
		String signature = WebhookSignature.sign(SECRET, "evt-1", now, BODY);
		WebhookVerifier verifier = verifierAt(SECRET, now);

		assertRefused(() -> verifier.verify(headers("evt-1", now, signature), BODY.replace("ANSWERED", "MISSED")));
		assertRefused(() -> verifier.verify(headers("evt-2", now, signature), BODY));
		assertRefused(() -> verifier.verify(headers("evt-1", now - 1, signature), BODY));
	}

	@Test
	void refusesAnotherSecretAndMalformedSignatures() {
		long now = 1_800_000_000L;
		String signature = WebhookSignature.sign(newSecret(), "evt-1", now, BODY);
		WebhookVerifier verifier = verifierAt(SECRET, now);

		assertRefused(() -> verifier.verify(headers("evt-1", now, signature), BODY));
		assertRefused(() -> verifier.verify(headers("evt-1", now, "v2," + signature.substring(3)), BODY));
		assertRefused(() -> verifier.verify(headers("evt-1", now, "v1,not base64!"), BODY));
		assertRefused(() -> verifier.verify(headers("evt-1", now, ""), BODY));
		assertRefused(() -> verifier.verify(Map.of("webhook-id", List.of("evt-1")), BODY));
		assertRefused(
				() -> verifier.verify("evt-1", "yesterday", WebhookSignature.sign(SECRET, "evt-1", now, BODY), BODY));
	}

	@Test
	void acceptsAnyOfSeveralSignaturesDuringASecretRotation() {
		long now = 1_800_000_000L;
		String both = WebhookSignature.sign(newSecret(), "evt-1", now, BODY) + " "
				+ WebhookSignature.sign(SECRET, "evt-1", now, BODY);

		assertThat(verifierAt(SECRET, now).verify(headers("evt-1", now, both), BODY)).isEqualTo("evt-1");
	}

	@Test
	void refusesAReplayOutsideTheToleranceEitherWay() {
		long signedAt = 1_800_000_000L;
		String signature = WebhookSignature.sign(SECRET, "evt-1", signedAt, BODY);
		Map<String, List<String>> headers = headers("evt-1", signedAt, signature);

		assertThat(verifierAt(SECRET, signedAt + 300).verify(headers, BODY)).isEqualTo("evt-1");
		assertThat(verifierAt(SECRET, signedAt - 300).verify(headers, BODY)).isEqualTo("evt-1");
		assertRefused(() -> verifierAt(SECRET, signedAt + 301).verify(headers, BODY));
		assertRefused(() -> verifierAt(SECRET, signedAt - 301).verify(headers, BODY));
		assertRefused(() -> verifierAt(SECRET, signedAt + 86_400).verify(headers, BODY));
		assertThat(new WebhookVerifier(SECRET, Duration.ofHours(25), fixed(signedAt + 86_400)).verify(headers, BODY))
			.isEqualTo("evt-1");
	}

	@Test
	void readsSecretsInEitherBase64Alphabet() {
		byte[] key = new byte[32];
		new SecureRandom().nextBytes(key);
		key[0] = (byte) 0xfb; // '+' or '-' in the first base64 character, '/' or '_'
								// nearby
		key[1] = (byte) 0xff;
		String standard = "whsec_" + Base64.getEncoder().encodeToString(key);
		String urlSafe = "whsec_" + Base64.getUrlEncoder().withoutPadding().encodeToString(key);
		long now = 1_800_000_000L;

		assertThat(WebhookSignature.key(standard)).isEqualTo(key).isEqualTo(WebhookSignature.key(urlSafe));
		assertThat(verifierAt(urlSafe, now)
			.verify(headers("evt-1", now, WebhookSignature.sign(standard, "evt-1", now, BODY)), BODY))
			.isEqualTo("evt-1");
	}

	/**
	 * A receiver as docs/client.md shows it, on the JDK's HTTP server: it verifies what
	 * arrives over a real socket (header names as that server spells them, the body's
	 * bytes as UTF-8, non-ASCII text included) and answers 204, or 401 for a delivery
	 * changed on the way.
	 */
	@Test
	void aReceiverVerifiesDeliveriesAsTheyArriveOverHttp() throws Exception {
		WebhookVerifier verifier = new WebhookVerifier(SECRET);
		List<String> accepted = new CopyOnWriteArrayList<>();
		HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
		server.createContext("/numshield/callbacks", exchange -> {
			try (exchange) {
				String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
				try {
					accepted.add(verifier.verify(exchange.getRequestHeaders(), body));
					exchange.sendResponseHeaders(204, -1);
				}
				catch (WebhookVerificationException ex) {
					exchange.sendResponseHeaders(401, -1);
				}
			}
		});
		server.start();
		try {
			HttpClient http = HttpClient.newHttpClient();
			URI target = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/numshield/callbacks");
			String body = "{\"eventId\":\"evt_0123456789abcdef0123456789abcdef\",\"type\":\"CALL_EVENT\","
					+ "\"event\":\"HANGUP\",\"caller\":\"138****0101\",\"orderId\":\"订单-1\"}";
			long now = Instant.now().getEpochSecond();
			String id = "evt_0123456789abcdef0123456789abcdef";
			String signature = WebhookSignature.sign(SECRET, id, now, body);

			int genuine = deliver(http, target, id, now, signature, body);
			int tampered = deliver(http, target, id, now, signature, body.replace("HANGUP", "ANSWERED"));

			assertThat(genuine).isEqualTo(204);
			assertThat(tampered).isEqualTo(401);
			assertThat(accepted).containsExactly(id);
		}
		finally {
			server.stop(0);
		}
	}

	private static int deliver(HttpClient http, URI target, String id, long timestamp, String signature, String body)
			throws Exception {
		return http
			.send(HttpRequest.newBuilder(target)
				.header("Content-Type", "application/json; charset=UTF-8")
				.header(WebhookSignature.ID_HEADER, id)
				.header(WebhookSignature.TIMESTAMP_HEADER, Long.toString(timestamp))
				.header(WebhookSignature.SIGNATURE_HEADER, signature)
				.POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
				.build(), HttpResponse.BodyHandlers.discarding())
			.statusCode();
	}

	@Test
	void refusesASecretWithoutAKey() {
		assertThatThrownBy(() -> new WebhookVerifier("whsec_")).isInstanceOf(IllegalArgumentException.class);
	}

	private static WebhookVerifier verifierAt(String secret, long epochSecond) {
		return new WebhookVerifier(secret, WebhookVerifier.DEFAULT_TOLERANCE, fixed(epochSecond));
	}

	private static Clock fixed(long epochSecond) {
		return Clock.fixed(Instant.ofEpochSecond(epochSecond), ZoneOffset.UTC);
	}

	private static Map<String, List<String>> headers(String id, long timestamp, String signature) {
		return Map.of("webhook-id", List.of(id), "webhook-timestamp", List.of(Long.toString(timestamp)),
				"webhook-signature", List.of(signature));
	}

	private static void assertRefused(org.assertj.core.api.ThrowableAssert.ThrowingCallable call) {
		assertThatThrownBy(call).isInstanceOf(WebhookVerificationException.class);
	}

	private static String newSecret() {
		byte[] key = new byte[32];
		new SecureRandom().nextBytes(key);
		return "whsec_" + Base64.getEncoder().encodeToString(key);
	}

}
