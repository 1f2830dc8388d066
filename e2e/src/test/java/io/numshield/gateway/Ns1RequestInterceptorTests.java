package io.numshield.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.numshield.client.Ns1Signature;

import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;

/**
 * {@link Ns1RequestInterceptor} signs what the request it is handed will send, as the
 * gateway recomputes it: method, raw path, the query canonicalised, the
 * {@code Idempotency-Key}, the body's bytes, and leaves the body to be sent.
 */
class Ns1RequestInterceptorTests {

	private static final Instant NOW = Instant.parse("2026-11-30T21:00:00Z");

	private final Ns1RequestInterceptor interceptor = new Ns1RequestInterceptor("pk_0123456789abcdef0123", "s3cret",
			Clock.fixed(NOW, ZoneOffset.UTC));

	@Test
	void signsMethodPathQueryIdempotencyKeyAndBody() {
		byte[] body = "{\"orderId\":\"ORD-1\"}".getBytes(StandardCharsets.UTF_8);
		HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create("http://127.0.0.1:8080/v1/bindings?b=2&a=%7e1"))
			.header("Idempotency-Key", "ORD-1-bind")
			.method("POST", HttpRequest.BodyPublishers.ofByteArray(body));

		this.interceptor.accept(builder);

		HttpRequest signed = builder.build();
		String authorization = signed.headers().firstValue("Authorization").orElseThrow();
		Ns1Signature.Credentials credentials = Ns1Signature.parse(authorization);
		assertThat(credentials.keyId()).isEqualTo("pk_0123456789abcdef0123");
		assertThat(credentials.timestamp()).isEqualTo(NOW.getEpochSecond());
		assertThat(authorization).isEqualTo(Ns1Signature.authorization("pk_0123456789abcdef0123", "s3cret", "POST",
				"/v1/bindings", "a=~1&b=2", "ORD-1-bind", body, NOW.getEpochSecond(), credentials.nonce()));
		// the body is still there to be sent
		assertThat(Ns1RequestInterceptor.bytes(signed.bodyPublisher().orElseThrow())).isEqualTo(body);
	}

	@Test
	void aRequestWithoutBodyOrKeySignsTheEmptyOnesAndEachRequestHasItsOwnNonce() {
		HttpRequest.Builder first = HttpRequest.newBuilder(URI.create("http://127.0.0.1:8080/v1/bindings/01ABC"))
			.method("GET", HttpRequest.BodyPublishers.noBody());
		HttpRequest.Builder second = HttpRequest.newBuilder(URI.create("http://127.0.0.1:8080/v1/bindings/01ABC"))
			.method("GET", HttpRequest.BodyPublishers.noBody());

		this.interceptor.accept(first);
		this.interceptor.accept(second);

		String authorization = first.build().headers().firstValue("Authorization").orElseThrow();
		Ns1Signature.Credentials credentials = Ns1Signature.parse(authorization);
		assertThat(authorization).isEqualTo(Ns1Signature.authorization("pk_0123456789abcdef0123", "s3cret", "GET",
				"/v1/bindings/01ABC", null, null, new byte[0], NOW.getEpochSecond(), credentials.nonce()));
		assertThat(Ns1Signature.parse(second.build().headers().firstValue("Authorization").orElseThrow()).nonce())
			.isNotEqualTo(credentials.nonce());
	}

}
