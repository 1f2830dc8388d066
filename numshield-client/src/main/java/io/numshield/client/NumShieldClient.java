package io.numshield.client;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * A platform's client of the NumShield gateway: signs every request with its API key
 * (NS1-HMAC-SHA256, fresh timestamp and nonce) and maps the binding endpoints to typed
 * calls. Thread-safe; no Spring. Errors raise {@link NumShieldException} with the
 * contract's code.
 *
 * <pre>
 * NumShieldClient client = NumShieldClient.create(URI.create("http://127.0.0.1:8080"), keyId, secret);
 * Binding b = client.bind(BindRequest.axb("ORD-1", a, b, 1800, new BindRequest.Consent("c-1", Instant.now())));
 * </pre>
 */
public final class NumShieldClient {

	private static final ObjectMapper JSON = JsonMapper.builder().build();

	private final URI base;

	private final String keyId;

	private final String secret;

	private final HttpClient http;

	private final Clock clock;

	private NumShieldClient(URI base, String keyId, String secret, HttpClient http, Clock clock) {
		this.base = base;
		this.keyId = keyId;
		this.secret = secret;
		this.http = http;
		this.clock = clock;
	}

	public static NumShieldClient create(URI gateway, String keyId, String secret) {
		return new NumShieldClient(gateway, keyId, secret,
				HttpClient.newBuilder()
					.connectTimeout(Duration.ofSeconds(5))
					.version(HttpClient.Version.HTTP_1_1)
					.build(),
				Clock.systemUTC());
	}

	/** From {@code <keyId>:<secret>}, the form make run prints. */
	public static NumShieldClient create(URI gateway, String keyIdColonSecret) {
		int colon = keyIdColonSecret.indexOf(':');
		if (colon <= 0) {
			throw new IllegalArgumentException("expected <keyId>:<secret>");
		}
		return create(gateway, keyIdColonSecret.substring(0, colon), keyIdColonSecret.substring(colon + 1));
	}

	public Binding bind(BindRequest request) {
		return bind(request, null);
	}

	/**
	 * With an {@code Idempotency-Key}: the same key and body within 24 h answers the
	 * first binding again.
	 */
	public Binding bind(BindRequest request, String idempotencyKey) {
		Answer answer = idempotencyKey == null ? send("POST", "/v1/bindings", null, request)
				: send("POST", "/v1/bindings", null, request, "Idempotency-Key", idempotencyKey);
		return answer.as(Binding.class);
	}

	public Binding get(String bindingId) {
		return send("GET", "/v1/bindings/" + bindingId, null, null).as(Binding.class);
	}

	public List<Binding> findByOrder(String orderId) {
		JsonNode bindings = send("GET", "/v1/bindings", Ns1Signature.query(Map.of("orderId", orderId)), null).json()
			.get("bindings");
		List<Binding> result = new ArrayList<>();
		for (JsonNode node : bindings) {
			result.add(JSON.treeToValue(node, Binding.class));
		}
		return result;
	}

	public Binding update(String bindingId, BindingUpdate update) {
		return send("PATCH", "/v1/bindings/" + bindingId, null, update).as(Binding.class);
	}

	/** Releases; releasing again is fine (204 both times). */
	public void release(String bindingId) {
		send("DELETE", "/v1/bindings/" + bindingId, null, null);
	}

	/**
	 * A signed call to any path (the other roles' endpoints, for tools and tests). Error
	 * answers throw.
	 */
	public Answer send(String method, String path, String rawQuery, Object body, String... headers) {
		Answer answer = exchange(method, path, rawQuery, body, headers);
		if (answer.status() >= 400) {
			JsonNode json = answer.json();
			throw new NumShieldException(answer.status(),
					json == null || json.get("code") == null ? null : json.get("code").asString(),
					json == null || json.get("detail") == null ? null : json.get("detail").asString(), answer.body());
		}
		return answer;
	}

	/** A signed call that returns error answers instead of throwing. */
	public Answer exchange(String method, String path, String rawQuery, Object body, String... headers) {
		byte[] payload = body == null ? new byte[0]
				: body instanceof String text ? text.getBytes(StandardCharsets.UTF_8) : JSON.writeValueAsBytes(body);
		String idempotencyKey = null;
		for (int i = 0; i + 1 < headers.length; i += 2) {
			if (headers[i].equalsIgnoreCase("Idempotency-Key")) {
				idempotencyKey = headers[i + 1];
			}
		}
		String authorization = Ns1Signature.authorization(keyId, secret, method, path, rawQuery, idempotencyKey,
				payload, clock.millis() / 1000, Ns1Signature.nonce());
		HttpRequest.Builder request = HttpRequest
			.newBuilder(base.resolve(path + (rawQuery == null || rawQuery.isEmpty() ? "" : "?" + rawQuery)))
			.timeout(Duration.ofSeconds(30))
			.header("Authorization", authorization)
			.method(method, payload.length == 0 ? HttpRequest.BodyPublishers.noBody()
					: HttpRequest.BodyPublishers.ofByteArray(payload));
		if (payload.length > 0) {
			request.header("Content-Type", "application/json");
		}
		for (int i = 0; i + 1 < headers.length; i += 2) {
			request.header(headers[i], headers[i + 1]);
		}
		try {
			HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
			return new Answer(response.statusCode(), response.body(),
					response.headers().firstValue("Content-Type").orElse(""));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/** A raw answer: status, body, content type. */
	public record Answer(int status, String body, String contentType) {

		public JsonNode json() {
			return body == null || body.isBlank() || !contentType.contains("json") ? null : JSON.readTree(body);
		}

		public <T> T as(Class<T> type) {
			return JSON.readValue(body, type);
		}
	}

}
