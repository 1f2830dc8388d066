package io.numshield.audit;

import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The regulators' webhook for the tests: keeps every push (headers and body) and answers
 * 204. One per test JVM, started at the first use, so that every audit IT shares one
 * application context.
 */
public final class SignalWebhookServer {

	/** The webhook's secret, as the service is configured with it. */
	public static final String SECRET = "whsec_c2lnbmFsLXdlYmhvb2stdGVzdC1zZWNyZXQtMzJieXRlcyE=";

	private static SignalWebhookServer started;

	private final HttpServer server;

	private final List<Push> pushes = new CopyOnWriteArrayList<>();

	/** One push as received. */
	public record Push(Map<String, List<String>> headers, String body) {
	}

	private SignalWebhookServer() throws IOException {
		server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		server.createContext("/signals", exchange -> {
			try (exchange) {
				String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
				pushes.add(new Push(Map.copyOf(exchange.getRequestHeaders()), body));
				exchange.sendResponseHeaders(204, -1);
			}
		});
		server.start();
	}

	public static synchronized SignalWebhookServer get() {
		if (started == null) {
			try {
				started = new SignalWebhookServer();
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		}
		return started;
	}

	public String url() {
		return "http://127.0.0.1:" + server.getAddress().getPort() + "/signals";
	}

	public List<Push> pushes() {
		return List.copyOf(pushes);
	}

}
