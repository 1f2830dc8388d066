package io.numshield.console.session;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.numshield.client.Ns1Signature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A loopback stand-in for the gateway's edge, for the session tests only (the browser
 * test, e2e's ConsoleBrowserIT, runs against the real one): it checks each request's NS1
 * signature against the keys it knows, as the gateway does, and answers the role rules of
 * the few paths the console's sign-in and pools page call, and whatever a test stubs.
 */
public final class KeyCheckingGateway implements AutoCloseable {

	public static final String OPERATOR_ID = "ok_0123456789abcdef0123";

	public static final String OPERATOR_SECRET = "operator-secret-7Yx2Qm9Lp4Ws8Hn3Kd6Rt1";

	public static final String REGULATOR_ID = "rk_0123456789abcdef0123";

	public static final String REGULATOR_SECRET = "regulator-secret-Jq5Vb8Nc2Xz7Mf4Gh9Ds3";

	public static final String PLATFORM_ID = "pk_0123456789abcdef0123";

	public static final String PLATFORM_SECRET = "platform-secret-Ue6Wr1Ty8Io3Pa5Sd2Fg7";

	private static final Map<String, String[]> KEYS = Map.of(OPERATOR_ID, new String[] { OPERATOR_SECRET, "OPERATOR" },
			REGULATOR_ID, new String[] { REGULATOR_SECRET, "REGULATOR" }, PLATFORM_ID,
			new String[] { PLATFORM_SECRET, "PLATFORM" });

	private final HttpServer server;

	private final java.util.concurrent.atomic.AtomicInteger poolReads = new java.util.concurrent.atomic.AtomicInteger();

	private final Map<String, Stub> stubs = new ConcurrentHashMap<>();

	private final List<Request> requests = new CopyOnWriteArrayList<>();

	/** An answer a test gave a method and path (the query aside). */
	public record Stub(int status, String contentType, String body, Map<String, String> headers) {
	}

	/** A signed request it answered with a stub: role, method, path, raw query, body. */
	public record Request(String role, String method, String path, String rawQuery, String body) {
	}

	public KeyCheckingGateway() {
		try {
			server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		server.createContext("/", this::handle);
		server.start();
	}

	public String url() {
		return "http://127.0.0.1:" + server.getAddress().getPort();
	}

	private void handle(HttpExchange exchange) throws IOException {
		try (exchange) {
			byte[] body = exchange.getRequestBody().readAllBytes();
			String role = roleOf(exchange, body);
			String path = exchange.getRequestURI().getRawPath();
			Stub stub = stubs.get(exchange.getRequestMethod() + " " + path);
			if (role == null) {
				answer(exchange, 401, problem("UNAUTHENTICATED", "Unauthenticated", "bad signature"));
			}
			else if (stub != null) {
				String query = exchange.getRequestURI().getRawQuery();
				requests.add(new Request(role, exchange.getRequestMethod(), path, query == null ? "" : query,
						new String(body, StandardCharsets.UTF_8)));
				stub.headers().forEach((name, value) -> exchange.getResponseHeaders().add(name, value));
				answer(exchange, stub.status(), stub.contentType(), stub.body());
			}
			else if (path.equals("/v1/api-keys") || path.equals("/v1/pools")) {
				if (path.equals("/v1/pools")) {
					poolReads.incrementAndGet();
				}
				if (!role.equals("OPERATOR")) {
					answer(exchange, 403, problem("FORBIDDEN", "Forbidden", "not for " + role));
				}
				else {
					answer(exchange, 200, path.equals("/v1/pools") ? "{\"pools\":[{\"poolId\":\"pool-a\",\"region\":"
							+ "\"Shanghai\",\"numberKind\":\"SEGMENT_700\",\"maxBindingsPerNumber\":200,\"cooldownSeconds\":0,"
							+ "\"blocks\":1,\"numbers\":10000,\"activeBindings\":3,\"numbersInUse\":2,\"utilization\":0.0002}]}"
							: "{\"apiKeys\":[]}");
				}
			}
			else if (path.equals("/v1/audit/checkpoints/key")) {
				answer(exchange, role.equals("PLATFORM") ? 403 : 200,
						role.equals("PLATFORM") ? problem("FORBIDDEN", "Forbidden", "not for PLATFORM")
								: "{\"keyId\":\"ledger-1\",\"algorithm\":\"Ed25519\",\"publicKey\":\"-\"}");
			}
			else {
				answer(exchange, 404, problem("NOT_FOUND", "Not found", "no such path"));
			}
		}
	}

	/** The key's role if the request is signed with its secret, else null. */
	private static String roleOf(HttpExchange exchange, byte[] body) {
		Ns1Signature.Credentials credentials = Ns1Signature
			.parse(exchange.getRequestHeaders().getFirst("Authorization"));
		if (credentials == null || !KEYS.containsKey(credentials.keyId())) {
			return null;
		}
		String[] key = KEYS.get(credentials.keyId());
		String expected = Ns1Signature.sign(key[0],
				Ns1Signature.stringToSign(exchange.getRequestMethod(), exchange.getRequestURI().getRawPath(),
						Ns1Signature.canonicalQuery(exchange.getRequestURI().getRawQuery()), credentials.timestamp(),
						credentials.nonce(), null, body));
		return Ns1Signature.matches(expected, credentials.signature()) ? key[1] : null;
	}

	private static String problem(String code, String title, String detail) {
		return "{\"type\":\"https://numshield.io/problems/x\",\"title\":\"" + title + "\",\"detail\":\"" + detail
				+ "\",\"code\":\"" + code + "\"}";
	}

	private static void answer(HttpExchange exchange, int status, String json) throws IOException {
		answer(exchange, status, status >= 400 ? "application/problem+json" : "application/json", json);
	}

	private static void answer(HttpExchange exchange, int status, String contentType, String json) throws IOException {
		byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
		exchange.getResponseHeaders().add("Content-Type", contentType);
		exchange.sendResponseHeaders(status, bytes.length);
		exchange.getResponseBody().write(bytes);
	}

	/**
	 * Answer a signed {@code method path} (any query, any role) with this JSON from now
	 * on; a 4xx or 5xx as a problem document.
	 */
	public void stub(String method, String path, int status, String json) {
		stub(method, path, status, status >= 400 ? "application/problem+json" : "application/json", json, Map.of());
	}

	/** Answer a signed {@code method path} with this body and headers from now on. */
	public void stub(String method, String path, int status, String contentType, String body,
			Map<String, String> headers) {
		stubs.put(method + " " + path, new Stub(status, contentType, body, headers));
	}

	/** A problem document as the gateway writes one. */
	public static String problemJson(String code, String title, String detail) {
		return problem(code, title, detail);
	}

	/** The signed requests it answered with a stub, oldest first. */
	public List<Request> requests() {
		return List.copyOf(requests);
	}

	/** How many signed {@code GET /v1/pools} it answered (any role). */
	public int poolReads() {
		return poolReads.get();
	}

	@Override
	public void close() {
		server.stop(0);
	}

}
