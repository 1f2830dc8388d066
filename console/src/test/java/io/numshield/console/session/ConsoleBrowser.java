package io.numshield.console.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * One browser of the console's tests over real HTTP: its session cookie, no redirects
 * followed, forms posted as a browser posts them.
 */
public class ConsoleBrowser {

	private static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");

	private static final HttpClient HTTP = HttpClient.newHttpClient();

	private final int port;

	/** The session cookie ({@code NUMSHIELD_CONSOLE=…}), null before the first. */
	public String cookie;

	public ConsoleBrowser(int port) {
		this.port = port;
	}

	/** The CSRF token of a page's forms. */
	public static String csrfOf(String page) {
		Matcher m = CSRF.matcher(page);
		assertThat(m.find()).as("a CSRF token in the page").isTrue();
		return m.group(1);
	}

	public HttpResponse<String> signIn(String keyId, String secret) throws IOException, InterruptedException {
		String form = get("/sign-in").body();
		return post("/sign-in", Map.of("keyId", keyId, "secret", secret, "_csrf", csrfOf(form)), false);
	}

	public HttpResponse<String> get(String path) throws IOException, InterruptedException {
		return send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).GET());
	}

	public HttpResponse<String> post(String path, Map<String, String> form, boolean htmx)
			throws IOException, InterruptedException {
		String body = form.entrySet()
			.stream()
			.map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
			.collect(Collectors.joining("&"));
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
			.header("Content-Type", "application/x-www-form-urlencoded")
			.POST(HttpRequest.BodyPublishers.ofString(body));
		if (htmx) {
			request.header("HX-Request", "true");
		}
		return send(request);
	}

	private HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
		if (cookie != null) {
			request.header("Cookie", cookie);
		}
		HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
		response.headers()
			.allValues("Set-Cookie")
			.stream()
			.filter(c -> c.startsWith("NUMSHIELD_CONSOLE="))
			.findFirst()
			.ifPresent(c -> cookie = c.substring(0, c.indexOf(';')));
		return response;
	}

}
