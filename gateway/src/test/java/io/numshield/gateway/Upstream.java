package io.numshield.gateway;

import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/** A stand-in service: records what the gateway forwarded and answers 200 {"ok":true}. */
final class Upstream implements AutoCloseable {

	record Seen(String method, String uri, Map<String, List<String>> headers, String body) {

		String header(String name) {
			for (Map.Entry<String, List<String>> e : headers.entrySet()) {
				if (e.getKey().equalsIgnoreCase(name)) {
					return e.getValue().get(0);
				}
			}
			return null;
		}
	}

	private final HttpServer server;

	private final AtomicReference<Seen> last = new AtomicReference<>();

	private final AtomicInteger calls = new AtomicInteger();

	Upstream() {
		try {
			server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		server.createContext("/", exchange -> {
			String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
			Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
			headers.putAll(exchange.getRequestHeaders());
			last.set(new Seen(exchange.getRequestMethod(), exchange.getRequestURI().toString(), headers, body));
			calls.incrementAndGet();
			byte[] answer = "{\"ok\":true}".getBytes(StandardCharsets.UTF_8);
			exchange.getResponseHeaders().add("Content-Type", "application/json");
			exchange.sendResponseHeaders(200, answer.length);
			exchange.getResponseBody().write(answer);
			exchange.close();
		});
		server.start();
	}

	String url() {
		return "http://127.0.0.1:" + server.getAddress().getPort();
	}

	Seen last() {
		return last.get();
	}

	int calls() {
		return calls.get();
	}

	@Override
	public void close() {
		server.stop(0);
	}

}
