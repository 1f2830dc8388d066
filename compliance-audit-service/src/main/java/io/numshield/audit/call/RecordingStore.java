package io.numshield.audit.call;

import io.numshield.core.problem.ProblemCode;
import io.numshield.core.problem.Refusal;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The recording store, as the service reaches it: {@code numshield.audit.calls.store-url}
 * with the {@code Authorization} header {@code store-authorization}. A location is a key
 * under the store's URL, or a URL that starts with it; any other URL is not fetched (the
 * service asks no other host on a carrier's word). Redirects are not followed.
 */
@Component
public class RecordingStore {

	private static final Logger log = LoggerFactory.getLogger(RecordingStore.class);

	private static final Duration TIMEOUT = Duration.ofSeconds(10);

	private final HttpClient http = HttpClient.newBuilder()
		.connectTimeout(TIMEOUT)
		.followRedirects(HttpClient.Redirect.NEVER)
		.build();

	private final @Nullable String base;

	private final @Nullable String authorization;

	RecordingStore(CallProperties properties) {
		String url = properties.storeUrl();
		this.base = url == null || url.isBlank() ? null : url.replaceAll("/+$", "") + "/";
		this.authorization = properties.storeAuthorization();
	}

	/** A file on its way from the store: its type, length (-1: unknown) and bytes. */
	public record Recording(String contentType, long length, InputStream body) {
	}

	Recording fetch(String location) {
		URI uri = resolve(location);
		HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(TIMEOUT).GET();
		if (authorization != null && !authorization.isBlank()) {
			request.header("Authorization", authorization);
		}
		HttpResponse<InputStream> answer;
		try {
			answer = http.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
		}
		catch (IOException ex) {
			log.warn("the recording store did not answer: {}", ex.toString());
			throw unavailable();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw unavailable();
		}
		if (answer.statusCode() == 200) {
			return new Recording(answer.headers().firstValue("Content-Type").orElse("application/octet-stream"),
					answer.headers().firstValueAsLong("Content-Length").orElse(-1), answer.body());
		}
		close(answer.body());
		if (answer.statusCode() == 404 || answer.statusCode() == 410) {
			throw new Refusal(ProblemCode.RECORDING_NOT_FOUND, "the recording store has no such file");
		}
		log.warn("the recording store answered {} for a recording", answer.statusCode());
		throw unavailable();
	}

	private URI resolve(String location) {
		if (base == null) {
			throw new Refusal(ProblemCode.RECORDING_NOT_FOUND, "no recording store is configured");
		}
		boolean url = location.startsWith("https://") || location.startsWith("http://");
		if (url && !location.startsWith(base)) {
			log.warn("a recording location outside the store (numshield.audit.calls.store-url) is not fetched");
			throw new Refusal(ProblemCode.RECORDING_NOT_FOUND, "the recording is not in the recording store");
		}
		try {
			return URI.create(url ? location : base + location.replaceAll("^/+", ""));
		}
		catch (IllegalArgumentException ex) {
			throw new Refusal(ProblemCode.RECORDING_NOT_FOUND, "the recording's location is not a valid key or URL");
		}
	}

	private static Refusal unavailable() {
		return new Refusal(ProblemCode.STORE_UNAVAILABLE, "the recording store did not answer; try again",
				Duration.ofSeconds(1));
	}

	private static void close(InputStream body) {
		try {
			body.close();
		}
		catch (IOException ex) {
			// nothing to keep
		}
	}

}
