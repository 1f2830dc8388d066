package io.numshield.audit;

import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A recording store for the tests: files under {@code /bucket/}, served only to a request
 * with the store's credential ({@link #AUTHORIZATION}), like an object store behind a
 * key. One per test JVM, started at the first use, so that every audit IT shares one
 * application context.
 */
public final class RecordingStoreServer {

	public static final String AUTHORIZATION = "Bearer recording-store-credential";

	private static RecordingStoreServer started;

	private final HttpServer server;

	private final Map<String, byte[]> files = new ConcurrentHashMap<>();

	private final AtomicInteger refused = new AtomicInteger();

	private RecordingStoreServer() throws IOException {
		server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		server.createContext("/bucket/", exchange -> {
			try (exchange) {
				if (!AUTHORIZATION.equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
					refused.incrementAndGet();
					exchange.sendResponseHeaders(403, -1);
					return;
				}
				byte[] file = files.get(exchange.getRequestURI().getPath().substring("/bucket/".length()));
				if (file == null) {
					exchange.sendResponseHeaders(404, -1);
					return;
				}
				exchange.getResponseHeaders().set("Content-Type", "audio/wav");
				exchange.sendResponseHeaders(200, file.length);
				try (OutputStream out = exchange.getResponseBody()) {
					out.write(file);
				}
			}
		});
		server.start();
	}

	public static synchronized RecordingStoreServer get() {
		if (started == null) {
			try {
				started = new RecordingStoreServer();
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		}
		return started;
	}

	/** The store's base URL, as the service is configured with it. */
	public String url() {
		return "http://127.0.0.1:" + server.getAddress().getPort() + "/bucket";
	}

	public void put(String key, byte[] content) {
		files.put(key, content);
	}

	/** Requests refused for a missing or wrong credential. */
	public int refused() {
		return refused.get();
	}

}
