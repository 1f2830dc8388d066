import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpVersion;

import io.lettuce.core.RedisClient;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.resource.DefaultClientResources;

import org.apache.catalina.Context;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.startup.Tomcat;
import org.apache.coyote.http11.Http11NioProtocol;
import org.redisson.Redisson;
import org.redisson.api.RScript;
import org.redisson.api.RedissonClient;
import org.redisson.config.Config;

/**
 * The floor under a route (bench/http-floor.sh, docs/benchmarks.md "The floor"): the same embedded
 * Tomcat as the services (NIO, unlimited keep-alive requests) with one asynchronous servlet on
 * {@code POST /v1/call-routes} that reads the body and answers a fixed route-sized JSON, doing
 * nothing else ({@code noop}), or first one EVALSHA through Redisson's async API, answered from its
 * callback as the hot route path does ({@code redis}). What a route costs above these two is
 * NumShield's own work.
 *
 * <p>Usage: {@code java -cp <call-routing-service's classpath> bench/HttpFloor.java noop|redis PORT [nettyThreads]}
 */
public final class HttpFloor {

	private static final byte[] ANSWER = ("{\"action\":\"CONNECT\",\"bindingId\":\"b-0000000000000000000000\","
			+ "\"target\":\"+8613800000000\",\"displayNumber\":\"700123456789012\",\"recording\":false,"
			+ "\"expiresAt\":\"2026-11-30T12:00:00Z\"}").getBytes(StandardCharsets.UTF_8);

	/** A script with the route's shape: one key, eleven arguments, an array reply. */
	private static final String SCRIPT = "return {redis.call('GET', KEYS[1]) or '', ARGV[1], ARGV[2]}";

	public static void main(String[] args) throws Exception {
		String mode = args[0];
		int port = Integer.parseInt(args[1]);
		RedissonClient redisson = null;
		String sha = null;
		if (mode.endsWith("redis")) {
			Config config = new Config();
			config.setCodec(org.redisson.client.codec.StringCodec.INSTANCE);
			if (args.length > 2) {
				config.setNettyThreads(Integer.parseInt(args[2]));
			}
			config.useSingleServer().setAddress("redis://127.0.0.1:6379").setConnectionPoolSize(64);
			redisson = Redisson.create(config);
			sha = redisson.getScript(org.redisson.client.codec.StringCodec.INSTANCE).scriptLoad(SCRIPT);
		}
		if (mode.startsWith("netty")) {
			netty(port, redisson == null ? null : redisson.getScript(org.redisson.client.codec.StringCodec.INSTANCE), sha);
			return;
		}
		List<RedisAsyncCommands<String, String>> lettuce = mode.equals("lettuce") ? lettuce() : null;
		String lettuceSha = lettuce == null ? null : lettuce.get(0).scriptLoad(SCRIPT).toCompletableFuture().join();
		java.util.concurrent.atomic.AtomicInteger turn = new java.util.concurrent.atomic.AtomicInteger();
		Tomcat tomcat = new Tomcat();
		tomcat.setBaseDir(System.getProperty("java.io.tmpdir") + "/http-floor-" + port);
		Connector connector = new Connector(Http11NioProtocol.class.getName());
		connector.setPort(port);
		((Http11NioProtocol) connector.getProtocolHandler()).setMaxKeepAliveRequests(-1);
		tomcat.setConnector(connector);
		Context context = tomcat.addContext("", null);
		RScript script = redisson == null ? null : redisson.getScript(org.redisson.client.codec.StringCodec.INSTANCE);
		String loaded = sha;
		HttpServlet servlet = new HttpServlet() {
			@Override
			protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
				byte[] body = read(request.getInputStream());
				if (lettuce != null) {
					AsyncContext async = request.startAsync();
					lettuce.get(turn.getAndIncrement() & 1).<List<Object>>evalsha(lettuceSha, ScriptOutputType.MULTI,
							new String[] { "floor:{0}" }, "a".repeat(Math.min(body.length, 15)), "b", "c", "d", "e", "f", "g",
							"h", "i", "j", "k")
						.whenComplete((reply, failure) -> complete(async, response, failure));
					return;
				}
				if (script == null) {
					answer(response);
					return;
				}
				AsyncContext async = request.startAsync();
				script.<List<Object>>evalShaAsync("floor:{0}", RScript.Mode.READ_WRITE, loaded, RScript.ReturnType.LIST,
						List.of("floor:{0}"), "a".repeat(Math.min(body.length, 15)), "b", "c", "d", "e", "f", "g", "h", "i",
						"j", "k")
					.whenComplete((reply, failure) -> complete(async, response, failure));
			}
		};
		Tomcat.addServlet(context, "floor", servlet).setAsyncSupported(true);
		context.addServletMappingDecoded("/v1/call-routes", "floor");
		tomcat.start();
		System.out.println("HTTP_FLOOR ready mode=" + mode + " port=" + port);
		tomcat.getServer().await();
	}

	/** Two connections on two I/O threads, as the services' ScriptConnection opens them. */
	private static List<RedisAsyncCommands<String, String>> lettuce() {
		RedisClient client = RedisClient.create(DefaultClientResources.builder().ioThreadPoolSize(2)
			.computationThreadPoolSize(2).build(), "redis://127.0.0.1:6379");
		return List.of(client.connect(StringCodec.UTF8).async(), client.connect(StringCodec.UTF8).async());
	}

	private static void complete(AsyncContext async, HttpServletResponse response, Throwable failure) {
		try {
			if (failure != null) {
				response.setStatus(500);
			}
			else {
				answer(response);
			}
		}
		catch (IOException ex) {
			response.setStatus(500);
		}
		finally {
			async.complete();
		}
	}

	private static void netty(int port, RScript script, String sha) throws InterruptedException {
		MultiThreadIoEventLoopGroup group = new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
		new ServerBootstrap().group(group)
			.channel(NioServerSocketChannel.class)
			.childHandler(new ChannelInitializer<SocketChannel>() {
				@Override
				protected void initChannel(SocketChannel channel) {
					channel.pipeline()
						.addLast(new HttpServerCodec())
						.addLast(new HttpObjectAggregator(8192))
						.addLast(new SimpleChannelInboundHandler<FullHttpRequest>() {
							@Override
							protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
								int length = request.content().readableBytes();
								if (script == null) {
									ctx.writeAndFlush(nettyAnswer());
									return;
								}
								script.<List<Object>>evalShaAsync("floor:{0}", RScript.Mode.READ_WRITE, sha,
										RScript.ReturnType.LIST, List.of("floor:{0}"), "a".repeat(Math.min(length, 15)), "b",
										"c", "d", "e", "f", "g", "h", "i", "j", "k")
									.whenComplete((reply, failure) -> ctx.writeAndFlush(nettyAnswer()));
							}
						});
				}
			})
			.bind(port)
			.sync();
		System.out.println("HTTP_FLOOR ready port=" + port);
		group.terminationFuture().sync();
	}

	private static FullHttpResponse nettyAnswer() {
		FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK,
				Unpooled.wrappedBuffer(ANSWER));
		response.headers().set(HttpHeaderNames.CONTENT_TYPE, "application/json");
		response.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, ANSWER.length);
		return response;
	}

	private static byte[] read(InputStream in) throws IOException {
		ByteArrayOutputStream out = new ByteArrayOutputStream(256);
		in.transferTo(out);
		return out.toByteArray();
	}

	private static void answer(HttpServletResponse response) throws IOException {
		response.setStatus(200);
		response.setContentType("application/json");
		response.setContentLength(ANSWER.length);
		response.getOutputStream().write(ANSWER);
	}
}
