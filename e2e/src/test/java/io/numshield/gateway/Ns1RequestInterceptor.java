package io.numshield.gateway;

import io.numshield.client.Ns1Signature;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;
import java.util.function.Consumer;

/**
 * Signs every request of a client generated from {@code docs/api/openapi.yaml} with an
 * API key, the NS1 way (the description's security scheme {@code ns1}): the generated
 * {@code ApiClient} hands its interceptor the finished request builder, method, URI,
 * headers and body included, so the interceptor reads them back from a built copy and
 * adds {@code Authorization}. The signature itself is the hand-written client's
 * {@link Ns1Signature}, the one the gateway checks with; what is signed is what is sent:
 * the raw path and query of the URI, the body's bytes and the {@code Idempotency-Key}
 * header when there is one.
 */
final class Ns1RequestInterceptor implements Consumer<HttpRequest.Builder> {

	private final String keyId;

	private final String secret;

	private final Clock clock;

	Ns1RequestInterceptor(String keyId, String secret, Clock clock) {
		this.keyId = keyId;
		this.secret = secret;
		this.clock = clock;
	}

	@Override
	public void accept(HttpRequest.Builder builder) {
		HttpRequest request = builder.build();
		URI uri = request.uri();
		byte[] body = request.bodyPublisher().map(Ns1RequestInterceptor::bytes).orElseGet(() -> new byte[0]);
		String idempotencyKey = request.headers().firstValue("Idempotency-Key").orElse(null);
		builder.setHeader("Authorization", Ns1Signature.authorization(keyId, secret, request.method(), uri.getRawPath(),
				uri.getRawQuery(), idempotencyKey, body, clock.instant().getEpochSecond(), Ns1Signature.nonce()));
	}

	/**
	 * The bytes a body publisher sends (the generated client's are byte arrays, which
	 * publish the same bytes to every subscriber, so reading them here leaves them for
	 * the request).
	 */
	static byte[] bytes(HttpRequest.BodyPublisher publisher) {
		CompletableFuture<byte[]> read = new CompletableFuture<>();
		publisher.subscribe(new Flow.Subscriber<ByteBuffer>() {

			private final ByteArrayOutputStream out = new ByteArrayOutputStream();

			@Override
			public void onSubscribe(Flow.Subscription subscription) {
				subscription.request(Long.MAX_VALUE);
			}

			@Override
			public void onNext(ByteBuffer item) {
				byte[] chunk = new byte[item.remaining()];
				item.get(chunk);
				this.out.writeBytes(chunk);
			}

			@Override
			public void onError(Throwable failure) {
				read.completeExceptionally(failure);
			}

			@Override
			public void onComplete() {
				read.complete(this.out.toByteArray());
			}

		});
		return read.join();
	}

}
