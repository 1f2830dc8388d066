package io.numshield.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.Map;

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
