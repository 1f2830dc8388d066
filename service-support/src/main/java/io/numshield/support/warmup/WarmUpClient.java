package io.numshield.support.warmup;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Sends the warm-up's requests over loopback to the service's own port: through Tomcat,
 * the filter chain and the twin filters, as a real request goes. Each answer is counted
 * in {@code numshield.warmup.requests} by status.
 */
public final class WarmUpClient {

	private final HttpClient http = HttpClient.newBuilder()
		.version(HttpClient.Version.HTTP_1_1)
		.connectTimeout(Duration.ofSeconds(2))
		.build();

	private final URI base;

	private final String secret;

	private final MeterRegistry meters;

	private final Map<Integer, Counter> byStatus = new ConcurrentHashMap<>();

	WarmUpClient(int port, String secret, MeterRegistry meters) {
		this.base = URI.create("http://127.0.0.1:" + port);
		this.secret = secret;
		this.meters = meters;
	}

	/**
	 * Sends one request with the warm-up's marker and {@code token}, and fails unless the
	 * answer has {@code expected} status.
	 */
	public String send(String method, String path, String token, String body, int expected)
			throws IOException, InterruptedException {
		HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path))
			.timeout(Duration.ofSeconds(10))
			.header(WarmUpGate.HEADER, secret)
			.header("Authorization", "Bearer " + token)
			.method(method,
					body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
		if (body != null) {
			request.header("Content-Type", "application/json");
		}
		HttpResponse<String> answer = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
		byStatus
			.computeIfAbsent(answer.statusCode(),
					s -> meters.counter("numshield.warmup.requests", "status", Integer.toString(s)))
			.increment();
		if (answer.statusCode() != expected) {
			throw new IllegalStateException(
					method + " " + path + " answered " + answer.statusCode() + ", not " + expected);
		}
		return answer.body();
	}

	void close() {
		http.close();
	}

}
