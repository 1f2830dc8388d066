package io.numshield.client;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * A real HTTP server on loopback (the JDK's {@link HttpServer}) that answers what a test
 * scripted, in order, and records every request as it arrived: method, raw path and
 * query, headers, body bytes, and when. A request beyond the script is answered 500 (and
 * recorded), so a retry too many shows in {@link #requests()}.
 */
final class FakeGateway implements AutoCloseable {

	private final HttpServer server;

	private final BlockingQueue<Reply> replies = new LinkedBlockingQueue<>();

	private final List<Received> received = new CopyOnWriteArrayList<>();

	FakeGateway() throws IOException {
		server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
		server.createContext("/", this::handle);
		server.start();
	}

	URI uri() {
		return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
	}

	FakeGateway then(Reply reply) {
		replies.add(reply);
		return this;
	}

	List<Received> requests() {
		return List.copyOf(received);
	}

	@Override
	public void close() {
		server.stop(0);
	}

	private void handle(HttpExchange exchange) throws IOException {
		try (exchange) {
			byte[] body = exchange.getRequestBody().readAllBytes();
			received.add(new Received(exchange.getRequestMethod(), exchange.getRequestURI().getRawPath(),
					exchange.getRequestURI().getRawQuery(), copy(exchange.getRequestHeaders()), body,
					System.nanoTime()));
			Reply reply = replies.poll();
			if (reply == null) {
				reply = Reply.problem(500, "INTERNAL_ERROR", "no reply scripted for this request");
			}
			reply.headers().forEach(exchange.getResponseHeaders()::add);
			byte[] out = reply.body().getBytes(StandardCharsets.UTF_8);
			if (out.length > 0) {
				exchange.getResponseHeaders().add("Content-Type", reply.contentType());
			}
			exchange.sendResponseHeaders(reply.status(), out.length == 0 ? -1 : out.length);
			if (out.length > 0) {
				exchange.getResponseBody().write(out);
			}
		}
	}

	private static Map<String, List<String>> copy(Headers headers) {
		Map<String, List<String>> copy = new LinkedHashMap<>();
		headers.forEach((name, values) -> copy.put(name.toLowerCase(Locale.ROOT), List.copyOf(values)));
		return copy;
	}

	/** What to answer. */
	record Reply(int status, String contentType, String body, Map<String, String> headers) {

		static Reply json(int status, String body) {
			return new Reply(status, "application/json", body, Map.of());
		}

		static Reply noContent() {
			return new Reply(204, "", "", Map.of());
		}

		/** An RFC 9457 problem as the gateway and the services write it. */
		static Reply problem(int status, String code, String detail) {
			String kebab = code.toLowerCase(Locale.ROOT).replace('_', '-');
			return new Reply(status, "application/problem+json",
					"{\"type\":\"https://numshield.io/problems/" + kebab + "\",\"title\":\"" + kebab + "\",\"status\":"
							+ status + ",\"detail\":\"" + detail + "\",\"code\":\"" + code + "\"}",
					Map.of());
		}

		Reply withHeader(String name, String value) {
			Map<String, String> more = new LinkedHashMap<>(headers);
			more.put(name, value);
			return new Reply(status, contentType, body, more);
		}

		Reply retryAfter(String value) {
			return withHeader("Retry-After", value);
		}
	}

	/** One request as it arrived; header names lower-cased. */
	record Received(String method, String rawPath, String rawQuery, Map<String, List<String>> headers, byte[] body,
			long receivedAtNanos) {

		String header(String name) {
			List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
			return values == null || values.isEmpty() ? null : values.get(0);
		}

		String text() {
			return new String(body, StandardCharsets.UTF_8);
		}

		Ns1Signature.Credentials credentials() {
			return Ns1Signature.parse(header("Authorization"));
		}

		/**
		 * Checks the NS1 signature the way the gateway does: the string to sign rebuilt
		 * from what arrived (method, raw path, canonical query, the header's timestamp
		 * and nonce, the Idempotency-Key header, the body), signed with the secret, and
		 * compared with the header's signature.
		 */
		boolean signedWith(String keyId, String secret) {
			Ns1Signature.Credentials c = credentials();
			if (c == null || !c.keyId().equals(keyId)) {
				return false;
			}
			String expected = Ns1Signature.sign(secret, Ns1Signature.stringToSign(method, rawPath,
					Ns1Signature.canonicalQuery(rawQuery), c.timestamp(), c.nonce(), header("Idempotency-Key"), body));
			return Ns1Signature.matches(expected, c.signature());
		}
	}

	static List<String> nonces(List<Received> requests) {
		List<String> nonces = new ArrayList<>();
		for (Received r : requests) {
			nonces.add(r.credentials().nonce());
		}
		return nonces;
	}

}
