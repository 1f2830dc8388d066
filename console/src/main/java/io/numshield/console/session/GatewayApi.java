package io.numshield.console.session;

import io.numshield.client.NumShieldClient;
import io.numshield.client.NumShieldException;
import io.numshield.client.RetryPolicy;
import io.numshield.console.ConsoleProperties;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

/**
 * Signed calls to the gateway's public API with a key, through {@code numshield-client}
 * (the console signs exactly as any client does). One {@link HttpClient} for every key; a
 * client per call is only the key and the shared connection pool.
 */
@Component
public class GatewayApi {

	private final ConsoleProperties properties;

	private final HttpClient http;

	public GatewayApi(ConsoleProperties properties) {
		this.properties = properties;
		this.http = HttpClient.newBuilder().connectTimeout(properties.requestTimeout()).build();
	}

	/** A client signing with this key. */
	public NumShieldClient client(String keyId, String secret) {
		return NumShieldClient.builder(properties.gatewayUrl())
			.key(keyId, secret)
			.httpClient(http)
			.requestTimeout(properties.requestTimeout())
			// a person is waiting: one 429 waited for, at most a second
			.retries(RetryPolicy.defaults().withMaxAttempts(2).withMaxTotalWait(java.time.Duration.ofSeconds(1)))
			.build();
	}

	/**
	 * The answer, whatever its status; a gateway that cannot be reached is a 503 problem.
	 */
	public NumShieldClient.Answer exchange(SignedInKey key, String method, String path, @Nullable String rawQuery,
			@Nullable Object body) {
		return exchange(client(key.keyId(), key.secret()), method, path, rawQuery, body);
	}

	/** A 2xx answer; any other throws {@link ApiCallFailed} with its problem. */
	public NumShieldClient.Answer call(SignedInKey key, String method, String path, @Nullable String rawQuery,
			@Nullable Object body) {
		NumShieldClient.Answer answer = exchange(key, method, path, rawQuery, body);
		if (answer.status() >= 300) {
			throw new ApiCallFailed(ApiProblem.of(answer));
		}
		return answer;
	}

	/**
	 * Streams one of the API's downloads (an export, a bundle, a report) through to the
	 * browser as it arrives: the API's status and type, its {@code Content-Disposition}
	 * when it gives one and {@code apiName} is true (else an attachment named
	 * {@code fileName}), and the {@code passedOn} headers it sent. A refusal is the API's
	 * problem page.
	 */
	public void streamThrough(SignedInKey key, String path, @Nullable String rawQuery, String fileName, boolean apiName,
			List<String> passedOn, HttpServletResponse response) throws IOException {
		try (NumShieldClient.Download download = client(key.keyId(), key.secret()).download(path, rawQuery)) {
			response.setStatus(download.status());
			response.setContentType(download.contentType());
			String disposition = download.contentDisposition();
			response.setHeader("Content-Disposition",
					apiName && disposition != null ? disposition : "attachment; filename=\"" + fileName + "\"");
			for (String header : passedOn) {
				download.headers().firstValue(header).ifPresent(value -> response.setHeader(header, value));
			}
			OutputStream out = response.getOutputStream();
			download.body().transferTo(out);
			out.flush();
		}
		catch (NumShieldException ex) {
			throw new ApiCallFailed(ApiProblem.of(ex));
		}
	}

	NumShieldClient.Answer exchange(NumShieldClient client, String method, String path, @Nullable String rawQuery,
			@Nullable Object body) {
		try {
			return client.exchange(method, path, rawQuery, body);
		}
		catch (UncheckedIOException | IllegalStateException ex) {
			throw new ApiCallFailed(new ApiProblem(503, "Gateway unreachable",
					"the console could not reach the gateway at " + properties.gatewayUrl(), "SERVICE_UNAVAILABLE"));
		}
	}

}
