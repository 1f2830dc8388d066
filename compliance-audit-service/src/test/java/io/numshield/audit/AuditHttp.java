package io.numshield.audit;

import io.numshield.core.token.Role;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;

/**
 * Calls to the audit service under test, as the gateway would send them: with an internal
 * token of a role.
 */
public record AuditHttp(int port) {

	private static final HttpClient HTTP = HttpClient.newHttpClient();

	public HttpResponse<String> get(String path, Role role) throws IOException, InterruptedException {
		return HTTP.send(HttpRequest.newBuilder(uri(path))
			.header("Authorization", "Bearer " + AuditTestContext.token(role))
			.build(), HttpResponse.BodyHandlers.ofString());
	}

	public HttpResponse<String> post(String path, String body, Role role) throws IOException, InterruptedException {
		return HTTP.send(HttpRequest.newBuilder(uri(path))
			.header("Authorization", "Bearer " + AuditTestContext.token(role))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(body))
			.build(), HttpResponse.BodyHandlers.ofString());
	}

	/** Without a token (health, or a test of its own headers). */
	public HttpResponse<String> send(HttpRequest request) throws IOException, InterruptedException {
		return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
	}

	public URI uri(String path) {
		return URI.create("http://127.0.0.1:" + port + path);
	}

	public static String enc(String text) {
		return URLEncoder.encode(text, StandardCharsets.UTF_8);
	}
}
