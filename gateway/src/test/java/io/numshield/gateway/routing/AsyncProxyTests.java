package io.numshield.gateway.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.netty.channel.Channel;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The hot path's proxy leg against real sockets on loopback: a JDK HTTP server standing
 * in for a service (what it received is what the service would), a port nobody listens
 * on, and a server that drops the connection after reading the request.
 */
class AsyncProxyTests {

	private final List<AutoCloseable> open = new ArrayList<>();

	/** Remote ports of the connections the server saw, per server. */
	private final Set<Integer> connections = ConcurrentHashMap.newKeySet();

	private final AtomicInteger received = new AtomicInteger();

	@AfterEach
	void close() throws Exception {
		for (AutoCloseable closeable : open.reversed()) {
			closeable.close();
		}
	}

	@Test
	void forwardsTheMessageWithoutItsConnectionHeadersAndHandsBackTheAnswerOnOneKeptConnection() throws Exception {
		Map<String, String> seen = new ConcurrentHashMap<>();
		URI service = server((exchange) -> {
			seen.put("method", exchange.getRequestMethod());
			seen.put("path", exchange.getRequestURI().toString());
			seen.put("host", exchange.getRequestHeaders().getFirst("Host"));
			seen.put("x-request-id", String.valueOf(exchange.getRequestHeaders().getFirst("X-Request-Id")));
			seen.put("upgrade", String.valueOf(exchange.getRequestHeaders().getFirst("Upgrade")));
			seen.put("body", new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
			exchange.getResponseHeaders().add("Content-Type", "application/json");
			exchange.getResponseHeaders().add("Location", "/v1/bindings/b1");
			reply(exchange, 201, "{\"id\":\"b1\"}");
		});
		AsyncProxy proxy = proxy(4, Duration.ofSeconds(5), List.of(service));

		for (int i = 0; i < 5; i++) {
			ProxyAnswer answer = proxy
				.forward(Service.BINDING, "POST", "/v1/bindings",
						List.of(Map.entry("X-Request-Id", "r" + i), Map.entry("Upgrade", "h2c"),
								Map.entry("Connection", "Upgrade, HTTP2-Settings"), Map.entry("Host", "edge.example"),
								Map.entry("Content-Length", "999")),
						"{\"n\":1}".getBytes(StandardCharsets.UTF_8))
				.get(5, TimeUnit.SECONDS);
			assertThat(answer.status()).isEqualTo(201);
			assertThat(new String(answer.body(), StandardCharsets.UTF_8)).isEqualTo("{\"id\":\"b1\"}");
			assertThat(answer.headers()).extracting(header -> header.getKey().toLowerCase(Locale.ROOT))
				.contains("content-type", "location")
				.noneMatch(name -> name.equalsIgnoreCase("content-length") || name.equalsIgnoreCase("connection")
						|| name.equalsIgnoreCase("transfer-encoding"));
		}
		assertThat(seen).containsEntry("method", "POST")
			.containsEntry("path", "/v1/bindings")
			.containsEntry("host", service.getHost() + ":" + service.getPort())
			.containsEntry("x-request-id", "r4")
			.containsEntry("upgrade", "null")
			.containsEntry("body", "{\"n\":1}");
		assertThat(connections).as("five requests one after the other share one connection").hasSize(1);
		assertThat(proxy.pool(service).open()).isEqualTo(1);
	}

	@Test
	void moreRequestsAtOnceThanConnectionsWaitForOneAndAllAreAnswered() throws Exception {
		URI service = server((exchange) -> {
			sleep(20);
			reply(exchange, 200, "{\"n\":" + received.incrementAndGet() + "}");
		});
		AsyncProxy proxy = proxy(3, Duration.ofSeconds(10), List.of(service));

		List<CompletableFuture<ProxyAnswer>> answers = new ArrayList<>();
		for (int i = 0; i < 40; i++) {
			answers.add(proxy.forward(Service.BINDING, "GET", "/v1/bindings/b" + i, List.of(), null));
		}
		for (CompletableFuture<ProxyAnswer> answer : answers) {
			assertThat(answer.get(10, TimeUnit.SECONDS).status()).isEqualTo(200);
		}
		assertThat(received).hasValue(40);
		assertThat(connections).as("never more than max-connections to one instance").hasSizeLessThanOrEqualTo(3);
		assertThat(proxy.pool(service).open()).isLessThanOrEqualTo(3);
		assertThat(proxy.pool(service).idle()).isEqualTo(proxy.pool(service).open());
	}

	@Test
	void anInstanceThatRefusesTheConnectionIsSkippedForAnyMethodAndFailsAsRefusedWhenAlone() throws Exception {
		URI nobody = nobodyListening();
		URI service = countingServer();
		AsyncProxy alone = proxy(2, Duration.ofSeconds(5), List.of(nobody));
		Throwable refused = catchThrowable(
				() -> alone.forward(Service.BINDING, "POST", "/v1/bindings", List.of(), new byte[] { '{', '}' })
					.get(5, TimeUnit.SECONDS));
		assertThat(refused).isInstanceOf(ExecutionException.class);
		assertThat(Failover.kind(refused)).isEqualTo(Failover.Kind.REFUSED);
		assertThat(alone.pool(nobody).open()).isZero();

		AsyncProxy two = proxy(2, Duration.ofSeconds(5), List.of(nobody, service));
		for (int i = 0; i < 4; i++) {
			assertThat(two.forward(Service.BINDING, "POST", "/v1/bindings", List.of(), new byte[] { '{', '}' })
				.get(5, TimeUnit.SECONDS)
				.status()).isEqualTo(200);
		}
		assertThat(received).as("each POST went on to the instance that listens").hasValue(4);
		assertThat(connections).hasSize(1);
	}

	@Test
	void aConnectionDroppedBeforeTheAnswerIsLostAndOnlyWhatCanBeRepeatedGoesToTheNextInstance() throws Exception {
		URI dropping = droppingAfterTheRequest();
		URI service = countingServer();
		AsyncProxy proxy = proxy(2, Duration.ofSeconds(5), List.of(dropping, service));

		Throwable lost = catchThrowable(
				() -> proxy.forward(Service.BINDING, "POST", "/v1/bindings", List.of(), new byte[] { '{', '}' })
					.get(5, TimeUnit.SECONDS));
		assertThat(Failover.kind(lost)).isEqualTo(Failover.Kind.LOST);
		assertThat(received).as("a POST without Idempotency-Key is not sent twice").hasValue(0);

		// the round robin starts at the next instance each time: two requests cover both
		// orders
		for (int i = 0; i < 2; i++) {
			assertThat(proxy
				.forward(Service.BINDING, "POST", "/v1/bindings", List.of(Map.entry("Idempotency-Key", "k" + i)),
						new byte[] { '{', '}' })
				.get(5, TimeUnit.SECONDS)
				.status()).isEqualTo(200);
			assertThat(proxy.forward(Service.BINDING, "GET", "/v1/bindings/b1", List.of(), null)
				.get(5, TimeUnit.SECONDS)
				.status()).isEqualTo(200);
		}
		assertThat(received).hasValue(4);
	}

	@Test
	void aKeptConnectionThatClosesBeforeTheRequestIsSentIsReplacedEvenForAPost() throws Exception {
		URI service = countingServer();
		AsyncProxy proxy = proxy(2, Duration.ofSeconds(5), List.of(service));
		assertThat(proxy.forward(Service.BINDING, "GET", "/v1/bindings/b1", List.of(), null)
			.get(5, TimeUnit.SECONDS)
			.status()).isEqualTo(200);
		await().atMost(Duration.ofSeconds(5)).until(() -> proxy.pool(service).idle() == 1);
		Channel kept = proxy.pool(service).idleChannels().getFirst();

		// the connection's event loop is held, so that the pool hands the connection out
		// while it is still open; it closes on its loop just before the send runs there,
		// as when a service's close arrives in between
		CountDownLatch handedOut = new CountDownLatch(1);
		kept.eventLoop().execute(() -> {
			try {
				handedOut.await(5, TimeUnit.SECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			kept.close();
		});
		CompletableFuture<ProxyAnswer> bind = proxy.forward(Service.BINDING, "POST", "/v1/bindings", List.of(),
				new byte[] { '{', '}' });
		assertThat(proxy.pool(service).idle()).as("the kept connection was handed out").isZero();
		handedOut.countDown();

		assertThat(bind.get(5, TimeUnit.SECONDS).status()).isEqualTo(200);
		assertThat(received).as("the POST reached the service once").hasValue(2);
		assertThat(connections).as("on a new connection").hasSize(2);
		assertThat(kept.isActive()).isFalse();
	}

	@Test
	void anAnswerLaterThanTheResponseTimeoutTimesOutIsNotRepeatedAndItsConnectionIsNotReused() throws Exception {
		URI slow = server((exchange) -> {
			received.incrementAndGet();
			sleep(1_500);
			reply(exchange, 200, "{}");
		});
		AsyncProxy proxy = proxy(2, Duration.ofMillis(300), List.of(slow, slow));

		Throwable late = catchThrowable(() -> proxy.forward(Service.BINDING, "GET", "/v1/bindings/b1", List.of(), null)
			.get(5, TimeUnit.SECONDS));
		assertThat(Failover.kind(late)).isEqualTo(Failover.Kind.TIMED_OUT);
		assertThat(received).as("a timed-out GET is not sent again").hasValue(1);
		await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(proxy.pool(slow).open()).isZero());
	}

	@Test
	void anAnswerThatClosesTheConnectionIsPassedOnAndTheConnectionIsNotKept() throws Exception {
		URI service = server((exchange) -> {
			exchange.getResponseHeaders().add("Connection", "close");
			reply(exchange, 204, null);
		});
		AsyncProxy proxy = proxy(2, Duration.ofSeconds(5), List.of(service));

		for (int i = 0; i < 3; i++) {
			ProxyAnswer answer = proxy.forward(Service.BINDING, "DELETE", "/v1/bindings/b1", List.of(), null)
				.get(5, TimeUnit.SECONDS);
			assertThat(answer.status()).isEqualTo(204);
			assertThat(answer.body()).isEmpty();
		}
		assertThat(connections).as("one connection per request").hasSize(3);
		await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(proxy.pool(service).open()).isZero());
	}

	@Test
	void onlyTheConnectionHeadersAreHopByHopInAnyCase() {
		assertThat(AsyncProxy.hopByHop("Connection")).isTrue();
		assertThat(AsyncProxy.hopByHop("TRANSFER-ENCODING")).isTrue();
		assertThat(AsyncProxy.hopByHop("te")).isTrue();
		assertThat(AsyncProxy.hopByHop("Content-Type")).isFalse();
		assertThat(AsyncProxy.hopByHop("tea")).isFalse();
		assertThat(AsyncProxy.passesBack("Content-Length")).isFalse();
		assertThat(AsyncProxy.passesBack("Location")).isTrue();
	}

	private AsyncProxy proxy(int maxConnections, Duration responseTimeout, List<URI> binding) {
		ProxyProperties properties = new ProxyProperties(maxConnections, Duration.ofSeconds(1), responseTimeout,
				Duration.ofSeconds(2));
		ServiceProperties services = new ServiceProperties(binding, List.of(URI.create("http://127.0.0.1:1")),
				List.of(URI.create("http://127.0.0.1:1")));
		AsyncProxy proxy = new AsyncProxy(properties, services, new Upstreams(services, properties), 2);
		open.add(proxy);
		return proxy;
	}

	@FunctionalInterface
	private interface Handler {

		void handle(HttpExchange exchange) throws IOException;

	}

	private URI server(Handler handler) throws IOException {
		HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
		server.setExecutor(Executors.newFixedThreadPool(8));
		server.createContext("/", exchange -> {
			connections.add(exchange.getRemoteAddress().getPort());
			try (exchange) {
				handler.handle(exchange);
			}
		});
		server.start();
		open.add(() -> {
			server.stop(0);
			((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
		});
		return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
	}

	/**
	 * A service that answers every request 200 {@code {}} and counts it in
	 * {@link #received}.
	 */
	private URI countingServer() throws IOException {
		return server((exchange) -> {
			received.incrementAndGet();
			reply(exchange, 200, "{}");
		});
	}

	private static void reply(HttpExchange exchange, int status, String body) throws IOException {
		byte[] bytes = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
		exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
		exchange.getResponseBody().write(bytes);
	}

	private static URI nobodyListening() throws IOException {
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			return URI.create("http://127.0.0.1:" + socket.getLocalPort());
		}
	}

	/** Accepts, reads the request's first bytes, and closes without a word. */
	private URI droppingAfterTheRequest() throws IOException {
		ServerSocket socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
		Thread acceptor = Thread.ofVirtual().start(() -> {
			while (!socket.isClosed()) {
				try (Socket connection = socket.accept(); InputStream in = connection.getInputStream()) {
					in.read(new byte[4096]);
				}
				catch (IOException closed) {
					// the test is over
				}
			}
		});
		open.add(() -> {
			socket.close();
			acceptor.join(2_000);
		});
		return URI.create("http://127.0.0.1:" + socket.getLocalPort());
	}

	private static void sleep(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
