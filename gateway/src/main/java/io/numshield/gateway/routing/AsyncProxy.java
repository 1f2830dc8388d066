package io.numshield.gateway.routing;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.channels.ClosedChannelException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLException;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.ScheduledFuture;

/**
 * The hot path's proxy leg: a plain Netty HTTP/1.1 client (ADR 0004, "The proxy leg on
 * Netty"), so that no thread waits while a service works and the answer is handled on the
 * event loop that read it. Per service instance a pool of keep-alive connections
 * ({@link InstanceChannels}, {@code max-connections} each; idle ones closed after
 * {@value #IDLE_SECONDS} s, before the service's own keep-alive timeout could close one
 * under a request); one event loop per core. No retries beyond {@link Failover}'s (a
 * retried bind is the client's decision, with its Idempotency-Key), no redirects, no
 * cookies. It forwards as Gateway MVC's proxy does: the caller's headers without the
 * hop-by-hop ones (and {@code Host} and {@code Content-Length}, which belong to the new
 * connection and the body as sent), and hands back the service's status, headers (again
 * without the hop-by-hop ones) and body, which the hot endpoints keep to a few hundred
 * bytes ({@value #MAX_ANSWER} at most). A service of several instances is tried in
 * {@link ServiceInstances#order()}; a request that failed at one instance goes to the
 * next only where {@link Failover} says it cannot be done twice: a connection that could
 * not be opened fails with a {@link java.net.ConnectException} (refused), one that broke
 * before the answer with an {@link IOException} (lost), an answer later than
 * {@code response-timeout} with a {@link SocketTimeoutException} (timed out).
 */
public final class AsyncProxy implements AutoCloseable {

	/** The longest answer taken; a longer one fails as a broken connection. */
	static final int MAX_ANSWER = 8 * 1024 * 1024;

	/**
	 * How often a request found its connection closed before it was sent goes on another
	 * one.
	 */
	static final int STALE_RESENDS = 3;

	/** Idle connections close after this long (Tomcat keeps one for 60 s by default). */
	static final int IDLE_SECONDS = 30;

	/**
	 * The headers Gateway MVC's {@code RemoveHopByHopRequestHeadersFilter} and
	 * {@code RemoveHopByHopResponseHeadersFilter} drop: they describe one connection, not
	 * the message.
	 */
	private static final String[] HOP_BY_HOP = { "connection", "keep-alive", "transfer-encoding", "te", "trailer",
			"proxy-authorization", "proxy-authenticate", "x-application-context", "upgrade" };

	private final EventLoopGroup loops;

	private final Map<URI, InstanceChannels> pools = new HashMap<>();

	private final Upstreams upstreams;

	AsyncProxy(ProxyProperties properties, ServiceProperties services, Upstreams upstreams) {
		this(properties, services, upstreams, Runtime.getRuntime().availableProcessors());
	}

	AsyncProxy(ProxyProperties properties, ServiceProperties services, Upstreams upstreams, int threads) {
		this.upstreams = upstreams;
		this.loops = new MultiThreadIoEventLoopGroup(threads, new DefaultThreadFactory("gateway-proxy", true),
				NioIoHandler.newFactory());
		Bootstrap bootstrap = new Bootstrap().group(loops)
			.channel(NioSocketChannel.class)
			.option(ChannelOption.TCP_NODELAY, true)
			.option(ChannelOption.SO_KEEPALIVE, true)
			.option(ChannelOption.CONNECT_TIMEOUT_MILLIS, Math.toIntExact(properties.connectTimeout().toMillis()));
		SslContext tls = null;
		for (Service service : Service.values()) {
			for (URI uri : services.of(service)) {
				if (pools.containsKey(uri)) {
					continue;
				}
				boolean https = "https".equalsIgnoreCase(uri.getScheme());
				if (https && tls == null) {
					tls = clientTls();
				}
				pools.put(uri, channels(bootstrap.clone(), uri, https ? tls : null, properties));
			}
		}
	}

	private static InstanceChannels channels(Bootstrap bootstrap, URI uri, SslContext tls, ProxyProperties properties) {
		boolean https = tls != null;
		int port = uri.getPort() >= 0 ? uri.getPort() : https ? 443 : 80;
		String host = uri.getHost();
		long timeoutNanos = properties.responseTimeout().toNanos();
		InstanceChannels[] pool = new InstanceChannels[1];
		bootstrap.remoteAddress(host, port).handler(new ChannelInitializer<SocketChannel>() {

			@Override
			protected void initChannel(SocketChannel channel) {
				if (tls != null) {
					channel.pipeline().addLast(tls.newHandler(channel.alloc(), host, port));
				}
				channel.pipeline()
					.addLast(new HttpClientCodec())
					.addLast(new HttpObjectAggregator(MAX_ANSWER))
					.addLast(new IdleStateHandler(0, 0, IDLE_SECONDS))
					.addLast(new Exchange(pool[0], timeoutNanos));
			}
		});
		pool[0] = new InstanceChannels(bootstrap, properties.maxConnections());
		return pool[0];
	}

	private static SslContext clientTls() {
		try {
			return SslContextBuilder.forClient().build();
		}
		catch (SSLException ex) {
			throw new IllegalStateException("no TLS client for the services' https URIs", ex);
		}
	}

	/**
	 * Whether a header describes a connection rather than the message: never forwarded
	 * either way.
	 */
	static boolean hopByHop(String name) {
		for (String hop : HOP_BY_HOP) {
			if (hop.length() == name.length() && hop.equalsIgnoreCase(name)) {
				return true;
			}
		}
		return false;
	}

	/**
	 * The service's headers that go back to the caller: all but the hop-by-hop ones and
	 * the body's length.
	 */
	static boolean passesBack(String name) {
		return !hopByHop(name) && !name.equalsIgnoreCase("content-length");
	}

	/**
	 * Sends {@code method path} with these headers (name, value; hop-by-hop ones,
	 * {@code Host} and {@code Content-Length} are left out) and body ({@code null}: none)
	 * to an instance of {@code service}, and to the next where {@link Failover} allows;
	 * completes on the event loop that read the answer, exceptionally with the last
	 * instance's failure when none answered.
	 */
	public CompletableFuture<ProxyAnswer> forward(Service service, String method, String path,
			List<Map.Entry<String, String>> headers, byte[] body) {
		ServiceInstances instances = upstreams.of(service);
		boolean idempotencyKey = false;
		for (Map.Entry<String, String> header : headers) {
			idempotencyKey |= header.getKey().equalsIgnoreCase("Idempotency-Key");
		}
		CompletableFuture<ProxyAnswer> answer = new CompletableFuture<>();
		attempt(instances, instances.order(), 0, method, path, headers, body, idempotencyKey, answer);
		return answer;
	}

	private void attempt(ServiceInstances instances, List<URI> order, int index, String method, String path,
			List<Map.Entry<String, String>> headers, byte[] body, boolean idempotencyKey,
			CompletableFuture<ProxyAnswer> answer) {
		URI base = order.get(index);
		send(base, method, path, headers, body).whenComplete((response, failure) -> {
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
				attempt(instances, order, index + 1, method, path, headers, body, idempotencyKey, answer);
			}
			else {
				answer.completeExceptionally(failure);
			}
		});
	}

	/** One attempt at one instance. */
	private CompletableFuture<ProxyAnswer> send(URI base, String method, String path,
			List<Map.Entry<String, String>> headers, byte[] body) {
		CompletableFuture<ProxyAnswer> answer = new CompletableFuture<>();
		send(pools.get(base), base, method, path, headers, body, answer, STALE_RESENDS);
		return answer;
	}

	/**
	 * Sends on a connection of {@code pool}. A kept connection can close between the pool
	 * handing it out (on the caller's thread) and the send (on its event loop): the
	 * service closed it, or the idle timeout did. Then not a byte of the request went
	 * out, so it goes on another connection of the same instance whatever its method, at
	 * most {@code resends} times, instead of failing as a lost connection that only a
	 * repeatable request survives.
	 */
	private void send(InstanceChannels pool, URI base, String method, String path,
			List<Map.Entry<String, String>> headers, byte[] body, CompletableFuture<ProxyAnswer> answer, int resends) {
		pool.acquire().whenComplete((channel, failure) -> {
			if (failure != null) {
				answer.completeExceptionally(failure);
				return;
			}
			Runnable exchange = () -> {
				if (!channel.isActive()) {
					if (resends > 0) {
						send(pool, base, method, path, headers, body, answer, resends - 1);
					}
					else {
						answer.completeExceptionally(new ClosedChannelException());
					}
					return;
				}
				channel.pipeline()
					.get(Exchange.class)
					.send(channel, request(base, method, path, headers, body), answer);
			};
			if (channel.eventLoop().inEventLoop()) {
				exchange.run();
			}
			else {
				channel.eventLoop().execute(exchange);
			}
		});
	}

	private static FullHttpRequest request(URI base, String method, String path,
			List<Map.Entry<String, String>> headers, byte[] body) {
		ByteBuf content = body == null ? Unpooled.EMPTY_BUFFER : Unpooled.wrappedBuffer(body);
		FullHttpRequest request = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.valueOf(method), path,
				content);
		HttpHeaders out = request.headers();
		for (Map.Entry<String, String> header : headers) {
			String name = header.getKey();
			if (!hopByHop(name) && !name.equalsIgnoreCase("host") && !name.equalsIgnoreCase("content-length")) {
				out.add(name, header.getValue());
			}
		}
		out.set(HttpHeaderNames.HOST, base.getPort() >= 0 ? base.getHost() + ":" + base.getPort() : base.getHost());
		if (body != null) {
			out.setInt(HttpHeaderNames.CONTENT_LENGTH, body.length);
		}
		return request;
	}

	/** The connections open to one instance, for tests. */
	InstanceChannels pool(URI instance) {
		return pools.get(instance);
	}

	@Override
	public void close() {
		pools.values().forEach(InstanceChannels::close);
		loops.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
	}

	/**
	 * One connection's exchanges, one at a time, all on the connection's event loop: the
	 * request in flight, its timeout, and what its answer (or the connection's end)
	 * means.
	 */
	private static final class Exchange extends ChannelInboundHandlerAdapter {

		private final InstanceChannels pool;

		private final long timeoutNanos;

		private CompletableFuture<ProxyAnswer> pending;

		private ScheduledFuture<?> timer;

		Exchange(InstanceChannels pool, long timeoutNanos) {
			this.pool = pool;
			this.timeoutNanos = timeoutNanos;
		}

		/** Sends on an open connection (the caller checked, on this event loop). */
		void send(Channel channel, FullHttpRequest request, CompletableFuture<ProxyAnswer> answer) {
			pending = answer;
			timer = channel.eventLoop().schedule(() -> {
				if (fail(new SocketTimeoutException(
						"no answer within " + Duration.ofNanos(timeoutNanos).toMillis() + " ms"))) {
					channel.close();
				}
			}, timeoutNanos, TimeUnit.NANOSECONDS);
			channel.writeAndFlush(request).addListener((ChannelFutureListener) written -> {
				if (!written.isSuccess()) {
					fail(written.cause());
					written.channel().close();
				}
			});
		}

		@Override
		public void channelRead(ChannelHandlerContext ctx, Object msg) {
			if (!(msg instanceof FullHttpResponse response)) {
				ReferenceCountUtil.release(msg);
				return;
			}
			try {
				CompletableFuture<ProxyAnswer> answer = take();
				if (answer == null) {
					// an answer nobody asked for (or after the timeout): the connection
					// is not
					// to be trusted with another request
					ctx.close();
					return;
				}
				ProxyAnswer read = answer(response);
				if (HttpUtil.isKeepAlive(response)) {
					pool.release(ctx.channel());
				}
				else {
					ctx.close();
				}
				answer.complete(read);
			}
			finally {
				response.release();
			}
		}

		private static ProxyAnswer answer(FullHttpResponse response) {
			List<Map.Entry<String, String>> headers = new ArrayList<>(response.headers().size());
			for (Iterator<Map.Entry<String, String>> it = response.headers().iteratorAsString(); it.hasNext();) {
				Map.Entry<String, String> header = it.next();
				if (passesBack(header.getKey())) {
					headers.add(header);
				}
			}
			return new ProxyAnswer(response.status().code(), headers, ByteBufUtil.getBytes(response.content()));
		}

		@Override
		public void channelInactive(ChannelHandlerContext ctx) {
			fail(new IOException("the service closed the connection before it answered"));
			ctx.fireChannelInactive();
		}

		@Override
		public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
			fail(cause instanceof IOException ? cause : new IOException("the service's answer was broken", cause));
			ctx.close();
		}

		@Override
		public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
			if (event instanceof IdleStateEvent && pending == null) {
				ctx.close();
			}
			else {
				ctx.fireUserEventTriggered(event);
			}
		}

		private CompletableFuture<ProxyAnswer> take() {
			CompletableFuture<ProxyAnswer> answer = pending;
			pending = null;
			if (timer != null) {
				timer.cancel(false);
				timer = null;
			}
			return answer;
		}

		/** Fails the request in flight, if any; whether there was one. */
		private boolean fail(Throwable failure) {
			CompletableFuture<ProxyAnswer> answer = take();
			return answer != null && answer.completeExceptionally(failure);
		}

	}

}
