package io.numshield.gateway;

import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A recording store as a carrier runs one: a local HTTP file server that answers
 * {@code GET /store/<key>} with the file put under that key, only with its own
 * {@code Authorization} header, and remembers what it was asked with which header. The
 * audit service of {@link ServiceProcesses#get()} reaches it at {@link #baseUrl()} with
 * {@link #AUTHORIZATION} (its {@code NUMSHIELD_RECORDING_STORE_*}), as a deployment would
 * its object store.
 */
final class RecordingStoreServer {

	/** The store's credential: the audit service's, never a platform's. */
	static final String AUTHORIZATION = "Bearer e2e-store-" + Long.toString(System.nanoTime(), 36);

	private static RecordingStoreServer instance;

	private final HttpServer server;

	private final Map<String, byte[]> files = new ConcurrentHashMap<>();

	private final List<String> requests = new CopyOnWriteArrayList<>();

	private RecordingStoreServer() {
		try {
			server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		server.createContext("/store/", exchange -> {
			String key = exchange.getRequestURI().getPath().substring("/store/".length());
			String authorization = exchange.getRequestHeaders().getFirst("Authorization");
			requests.add(key + " " + authorization);
			byte[] file = files.get(key);
			int status = !AUTHORIZATION.equals(authorization) ? 401 : file == null ? 404 : 200;
			if (status == 200) {
				exchange.getResponseHeaders().add("Content-Type", "audio/wav");
			}
			exchange.sendResponseHeaders(status, status == 200 ? file.length : -1);
			try (OutputStream body = exchange.getResponseBody()) {
				if (status == 200) {
					body.write(file);
				}
			}
		});
		server.start();
	}

	static synchronized RecordingStoreServer get() {
		if (instance == null) {
			instance = new RecordingStoreServer();
			Runtime.getRuntime().addShutdownHook(new Thread(() -> instance.server.stop(0), "stop-recording-store"));
		}
		return instance;
	}

	/** What the audit service takes as {@code NUMSHIELD_RECORDING_STORE_URL}. */
	String baseUrl() {
		return "http://127.0.0.1:" + server.getAddress().getPort() + "/store/";
	}

	void put(String key, byte[] file) {
		files.put(key, file);
	}

	/** Each request so far: {@code <key> <Authorization header>}. */
	List<String> requests() {
		return List.copyOf(requests);
	}

}
