package io.numshield.gateway;

import io.numshield.client.Ns1Signature;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/** Signed (or deliberately mis-signed) HTTP calls to a gateway, for tests. */
final class SignedCalls {

	static final ObjectMapper JSON = JsonMapper.builder().build();

	private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	private final String baseUrl;

	SignedCalls(String baseUrl) {
		this.baseUrl = baseUrl;
	}

	String baseUrl() {
		return baseUrl;
	}

	/** A key to sign with. */
	record Key(String keyId, String secret) {
	}

	/** What to send; every part can be bent to make a bad request. */
	record Call(String method, String path, String query, String body, Key key, long timestamp, String nonce,
			String[] headers) {

		Call withBody(String other) {
			return new Call(method, path, query, other, key, timestamp, nonce, headers);
		}
	}

	static Call call(String method, String path, String query, Object body, Key key, String... headers) {
		String text = body == null ? null : body instanceof String s ? s : JSON.writeValueAsString(body);
		return new Call(method, path, query, text, key, Instant.now().getEpochSecond(), Ns1Signature.nonce(), headers);
	}

	Response send(Call call) {
		return send(call, call);
	}

	/**
	 * Signs {@code signed}, but sends {@code sent}: to prove that a change after signing
	 * is caught.
	 */
	Response send(Call signed, Call sent) {
		String idempotencyKey = null;
		for (int i = 0; signed.headers() != null && i + 1 < signed.headers().length; i += 2) {
			if (signed.headers()[i].equalsIgnoreCase("Idempotency-Key")) {
				idempotencyKey = signed.headers()[i + 1];
			}
		}
		String authorization = Ns1Signature.authorization(signed.key().keyId(), signed.key().secret(), signed.method(),
				signed.path(), signed.query(), idempotencyKey,
				signed.body() == null ? new byte[0] : signed.body().getBytes(StandardCharsets.UTF_8),
				signed.timestamp(), signed.nonce());
		return raw(sent.method(), sent.path(), sent.query(), sent.body(), authorization, sent.headers());
	}

	Response raw(String method, String path, String query, String body, String authorization, String... headers) {
		try {
			String uri = baseUrl + path + (query == null || query.isEmpty() ? "" : "?" + query);
			HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(uri))
				.timeout(Duration.ofSeconds(30))
				.method(method,
						body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
			if (body != null) {
				request.header("Content-Type", "application/json");
			}
			if (authorization != null) {
				request.header("Authorization", authorization);
			}
			for (int i = 0; headers != null && i + 1 < headers.length; i += 2) {
				request.header(headers[i], headers[i + 1]);
			}
			HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
			String contentType = response.headers().firstValue("Content-Type").orElse("");
			JsonNode json = response.body().isBlank() || !contentType.contains("json") ? null : parse(response.body());
			return new Response(response.statusCode(), json, response.body(), contentType,
					response.headers().firstValue("Retry-After").orElse(null),
					response.headers().firstValue("traceresponse").orElse(null));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * The body as JSON, or null when it is not one JSON document (a test then sees no
	 * problem document).
	 */
	private static JsonNode parse(String body) {
		try {
			return JSON.readTree(body);
		}
		catch (tools.jackson.core.JacksonException notOneDocument) {
			return null;
		}
	}

	/** An answer; {@code traceResponse}: the gateway's {@code traceresponse} header. */
	record Response(int status, JsonNode json, String body, String contentType, String retryAfter,
			String traceResponse) {

		String text(String field) {
			return json == null || json.get(field) == null || json.get(field).isNull() ? null
					: json.get(field).asString();
		}

		String code() {
			return text("code");
		}

		Response expect(int expected) {
			if (status != expected) {
				throw new AssertionError("expected " + expected + " but got " + status + ": " + body);
			}
			return this;
		}
	}

}
