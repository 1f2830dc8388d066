package io.numshield.gateway.routing;

import java.io.IOException;
import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

import org.apache.hc.client5.http.async.methods.SimpleHttpRequest;
import org.apache.hc.client5.http.async.methods.SimpleHttpResponse;
import org.apache.hc.client5.http.async.methods.SimpleRequestProducer;
import org.apache.hc.client5.http.async.methods.SimpleResponseConsumer;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.config.TlsConfig;
import org.apache.hc.client5.http.impl.async.CloseableHttpAsyncClient;
import org.apache.hc.client5.http.impl.async.HttpAsyncClients;
import org.apache.hc.client5.http.impl.nio.PoolingAsyncClientConnectionManager;
import org.apache.hc.client5.http.impl.nio.PoolingAsyncClientConnectionManagerBuilder;
import org.apache.hc.core5.concurrent.FutureCallback;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpVersion;
import org.apache.hc.core5.http2.HttpVersionPolicy;
import org.apache.hc.core5.io.CloseMode;
import org.apache.hc.core5.reactor.IOReactorConfig;
import org.apache.hc.core5.util.Timeout;

/**
 * The hot path's proxy leg: Apache HttpClient 5's asynchronous client (HTTP/1.1, a pool
 * of keep-alive connections per service, I/O on one reactor thread per core), so that no
 * thread waits while a service works. Configured as {@link ProxyClientConfiguration}'s
 * blocking client is: no retries (a retried bind is the client's decision, with its
 * Idempotency-Key), no redirects, no cookies, the same pool size and timeouts. It
 * forwards as Gateway MVC's proxy does: the caller's headers without the hop-by-hop ones
 * (and {@code Host} and {@code Content-Length}, which belong to the new connection and
 * the body as sent), and hands back the service's status, headers (again without the
 * hop-by-hop ones) and body, which the hot endpoints keep to a few hundred bytes. A
 * service of several instances is tried in {@link ServiceInstances#order()}; a request
 * that failed at one instance goes to the next only where {@link Failover} says it cannot
 * be done twice.
 */
public final class AsyncProxy implements AutoCloseable {

	/**
	 * The headers Gateway MVC's {@code RemoveHopByHopRequestHeadersFilter} and
	 * {@code RemoveHopByHopResponseHeadersFilter} drop: they describe one connection, not
	 * the message.
	 */
	private static final Set<String> HOP_BY_HOP = Set.of("connection", "keep-alive", "transfer-encoding", "te",
			"trailer", "proxy-authorization", "proxy-authenticate", "x-application-context", "upgrade");

	private final CloseableHttpAsyncClient client;

	private final Upstreams upstreams;

	AsyncProxy(ProxyProperties properties, ServiceProperties services, Upstreams upstreams) {
		this.upstreams = upstreams;
		int instances = 0;
		for (Service service : Service.values()) {
			instances += services.of(service).size();
		}
		PoolingAsyncClientConnectionManager connections = PoolingAsyncClientConnectionManagerBuilder.create()
			.setMaxConnTotal(properties.maxConnections() * instances)
			.setMaxConnPerRoute(properties.maxConnections())
			.setDefaultConnectionConfig(properties.connectionConfig())
			.setDefaultTlsConfig(TlsConfig.custom().setVersionPolicy(HttpVersionPolicy.FORCE_HTTP_1).build())
			.build();
		this.client = HttpAsyncClients.custom()
			.setConnectionManager(connections)
			.setIOReactorConfig(IOReactorConfig.custom()
				.setIoThreadCount(Runtime.getRuntime().availableProcessors())
				.setTcpNoDelay(true)
				.build())
			.setDefaultRequestConfig(
					RequestConfig.custom().setResponseTimeout(Timeout.of(properties.responseTimeout())).build())
			.disableAutomaticRetries()
			.disableRedirectHandling()
			.disableCookieManagement()
			.build();
		client.start();
	}

	/**
	 * Whether a header describes a connection rather than the message: never forwarded
	 * either way.
	 */
	static boolean hopByHop(String name) {
		return HOP_BY_HOP.contains(name.toLowerCase(Locale.ROOT));
	}

	/**
	 * Sends {@code method path} with these headers (name, value; hop-by-hop ones,
	 * {@code Host} and {@code Content-Length} are left out) and body ({@code null}: none)
	 * to an instance of {@code service}, and to the next where {@link Failover} allows;
	 * completes on the client's reactor thread, exceptionally with the last instance's
	 * failure when none answered.
	 */
	public CompletableFuture<SimpleHttpResponse> forward(Service service, String method, String path,
			List<Map.Entry<String, String>> headers, byte[] body) {
		ServiceInstances instances = upstreams.of(service);
		boolean idempotencyKey = headers.stream().anyMatch(h -> h.getKey().equalsIgnoreCase("Idempotency-Key"));
		CompletableFuture<SimpleHttpResponse> answer = new CompletableFuture<>();
		attempt(instances, instances.order(), 0, service, method, path, headers, body, idempotencyKey, answer);
		return answer;
	}

	private void attempt(ServiceInstances instances, List<URI> order, int index, Service service, String method,
			String path, List<Map.Entry<String, String>> headers, byte[] body, boolean idempotencyKey,
			CompletableFuture<SimpleHttpResponse> answer) {
		URI base = order.get(index);
		send(base, service, method, path, headers, body).whenComplete((response, failure) -> {
			if (failure == null) {
				instances.answered(base);
				answer.complete(response);
				return;
			}
			Failover.Kind kind = Failover.kind(failure);
			if (kind == Failover.Kind.REFUSED) {
				instances.refused(base);
			}
			if (index + 1 < order.size() && Failover.io(failure) && Failover.mayRetry(kind, method, idempotencyKey)) {
				attempt(instances, order, index + 1, service, method, path, headers, body, idempotencyKey, answer);
			}
			else {
				answer.completeExceptionally(failure);
			}
		});
	}

	/** One attempt at one instance. */
	private CompletableFuture<SimpleHttpResponse> send(URI base, Service service, String method, String path,
			List<Map.Entry<String, String>> headers, byte[] body) {
		SimpleHttpRequest request = new SimpleHttpRequest(method, base.resolve(path));
		request.setVersion(HttpVersion.HTTP_1_1);
		for (Map.Entry<String, String> header : headers) {
			String name = header.getKey();
			if (!hopByHop(name) && !name.equalsIgnoreCase("host") && !name.equalsIgnoreCase("content-length")) {
				request.addHeader(name, header.getValue());
			}
		}
		if (body != null) {
			request.setBody(body, null);
		}
		CompletableFuture<SimpleHttpResponse> answer = new CompletableFuture<>();
		client.execute(SimpleRequestProducer.create(request), SimpleResponseConsumer.create(),
				new FutureCallback<SimpleHttpResponse>() {

					@Override
					public void completed(SimpleHttpResponse response) {
						answer.complete(response);
					}

					@Override
					public void failed(Exception ex) {
						answer.completeExceptionally(ex);
					}

					@Override
					public void cancelled() {
						answer.completeExceptionally(new IOException("the request to " + service + " was cancelled"));
					}
				});
		return answer;
	}

	/**
	 * The service's headers that go back to the caller: all but the hop-by-hop ones and
	 * the body's length.
	 */
	public static boolean passesBack(Header header) {
		return !hopByHop(header.getName()) && !header.getName().equalsIgnoreCase("content-length");
	}

	@Override
	public void close() {
		client.close(CloseMode.GRACEFUL);
	}

}
