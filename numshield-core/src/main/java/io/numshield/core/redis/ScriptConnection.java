package io.numshield.core.redis;

import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SslOptions;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.SslVerifyMode;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.BaseRedisAsyncCommands;
import io.lettuce.core.api.async.RedisScriptingAsyncCommands;
import io.lettuce.core.api.async.RedisStreamAsyncCommands;
import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.protocol.RedisCommand;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * The Lettuce connections that carry the hot scripts (ADR 0009): the services' lease scripts and the
 * gateway's edge check. One per I/O thread, taken in turn: the commands of all concurrent requests
 * are written to them without waiting for each other's replies (pipelined), where Redisson takes a
 * pooled connection per command for its whole round trip. Here in the core, Spring-free, so that the
 * gateway (which does not use service-support, ADR 0004) builds it from its own settings as the
 * services do from theirs. Built from the same
 * {@link RedisEndpoint} as the Redisson client: one node, or Redis Cluster when several addresses
 * are given (a script's first key carries its hash tag, so Lettuce routes it by that key's
 * slot); {@code rediss://} with the same certificate check; the ACL user and password; every
 * command bounded by {@code numshield.redis.timeout}. Replies complete on the two I/O threads, so
 * that the answers the hot paths write from them are spread over both cores.
 */
public final class ScriptConnection implements AutoCloseable {

	/** I/O threads, and connections: two cores here; more threads only add switches (Redisson's 32, ADR 0009). */
	static final int IO_THREADS = 2;

	private final ClientResources resources;

	private final AbstractRedisClient client;

	private final List<StatefulConnection<String, String>> connections;

	/** The async commands of each connection (a standalone or a cluster connection's: both script and ping). */
	private final List<Object> commands;

	private final AtomicInteger next = new AtomicInteger();

	/** SHA of each script source loaded, read without a lock on every call (every hot request runs one). */
	private final Map<String, String> shas = new ConcurrentHashMap<>();

	private ScriptConnection(ClientResources resources, AbstractRedisClient client,
			List<StatefulConnection<String, String>> connections, List<Object> commands) {
		this.resources = resources;
		this.client = client;
		this.connections = connections;
		this.commands = commands;
	}

	/**
	 * Connects as {@code numshield.redis.*} says; fails when Redis cannot be reached (as the Redisson
	 * client does).
	 *
	 * @param endpoint the addresses and credentials ({@link RedisEndpoint#parse})
	 * @param timeout how long one command may take before it fails
	 * @param verifyHostname for {@code rediss://}: whether the certificate must name the host (the chain is checked either way)
	 * @param caFile for {@code rediss://}: PEM file of the certificates to trust; {@code null}: the JDK's trust store
	 */
	public static ScriptConnection open(RedisEndpoint endpoint, Duration timeout, boolean verifyHostname, Path caFile) {
		ClientResources resources = DefaultClientResources.builder().ioThreadPoolSize(IO_THREADS)
			.computationThreadPoolSize(IO_THREADS).build();
		try {
			List<RedisURI> uris = endpoint.nodes().stream().map(node -> uri(node, endpoint, timeout, verifyHostname)).toList();
			SslOptions ssl = ssl(endpoint, caFile);
			TimeoutOptions timeouts = TimeoutOptions.enabled(timeout);
			if (uris.size() > 1) {
				RedisClusterClient client = RedisClusterClient.create(resources, uris);
				ClusterClientOptions.Builder options = ClusterClientOptions.builder().timeoutOptions(timeouts);
				if (ssl != null) {
					options.sslOptions(ssl);
				}
				client.setOptions(options.build());
				List<StatefulRedisClusterConnection<String, String>> connections = connect(client,
						() -> client.connect(StringCodec.UTF8));
				return new ScriptConnection(resources, client, List.copyOf(connections),
						connections.stream().<Object>map(StatefulRedisClusterConnection::async).toList());
			}
			RedisClient client = RedisClient.create(resources);
			ClientOptions.Builder options = ClientOptions.builder().timeoutOptions(timeouts);
			if (ssl != null) {
				options.sslOptions(ssl);
			}
			client.setOptions(options.build());
			List<StatefulRedisConnection<String, String>> connections = connect(client,
					() -> client.connect(StringCodec.UTF8, uris.get(0)));
			return new ScriptConnection(resources, client, List.copyOf(connections),
					connections.stream().<Object>map(StatefulRedisConnection::async).toList());
		}
		catch (RuntimeException ex) {
			resources.shutdown();
			throw ex;
		}
	}

	/**
	 * Runs the script {@code source} by its SHA, loading it on first use and again after
	 * {@code NOSCRIPT} (Redis restarted, its scripts flushed, or a failover to a replica that never
	 * loaded it), without ever blocking: the stage completes on an I/O thread. {@code keys[0]} routes
	 * the call on Redis Cluster. The one way every caller (the lease scripts, the gateway's edge
	 * script) runs a script.
	 */
	public <T> CompletionStage<T> evalAsync(String source, ScriptOutputType type, String[] keys, String... args) {
		String known = shas.get(source);
		CompletionStage<String> sha = known != null ? CompletableFuture.completedStage(known) : load(source);
		return sha.thenCompose(s -> scripting().<T>evalsha(s, type, keys, args)).exceptionallyCompose(failure -> {
			Throwable cause = unwrap(failure);
			if (!(cause instanceof RedisNoScriptException)) {
				return CompletableFuture.failedStage(cause);
			}
			shas.remove(source);
			return load(source).thenCompose(s -> scripting().<T>evalsha(s, type, keys, args));
		});
	}

	/**
	 * The text of the script {@code file}, a resource next to {@code owner}'s class: what
	 * {@link #evalAsync} is given as {@code source}. Fails when the file is missing (a packaging error).
	 */
	public static String source(Class<?> owner, String file) {
		try (InputStream in = owner.getResourceAsStream(file)) {
			if (in == null) {
				throw new IllegalStateException("missing script " + file);
			}
			return new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * Waits for {@code stage} and throws its failure as it is (not wrapped): for the cool paths that
	 * call {@link #evalAsync} and wait, never from a stage of it (an I/O thread).
	 */
	public static <T> T await(CompletionStage<T> stage) {
		try {
			return stage.toCompletableFuture().join();
		}
		catch (CompletionException ex) {
			if (ex.getCause() instanceof RuntimeException cause) {
				throw cause;
			}
			throw ex;
		}
	}

	private CompletionStage<String> load(String source) {
		return scripting().scriptLoad(source).thenApply(loaded -> {
			shas.put(source, loaded);
			return loaded;
		});
	}

	private static Throwable unwrap(Throwable ex) {
		return ex instanceof CompletionException && ex.getCause() != null ? ex.getCause() : ex;
	}

	/** The scripting commands of the next connection in turn. */
	@SuppressWarnings("unchecked")
	public RedisScriptingAsyncCommands<String, String> scripting() {
		return (RedisScriptingAsyncCommands<String, String>) commands
			.get((next.getAndIncrement() & Integer.MAX_VALUE) % commands.size());
	}

	/**
	 * The stream commands of the next connection in turn: the audit service's reads and acknowledgements
	 * (ADR 0009), written pipelined like the scripts and decoded by Lettuce's incremental decoder.
	 */
	@SuppressWarnings("unchecked")
	public RedisStreamAsyncCommands<String, String> streams() {
		return (RedisStreamAsyncCommands<String, String>) commands
			.get((next.getAndIncrement() & Integer.MAX_VALUE) % commands.size());
	}

	/**
	 * Writes the commands on the next connection in turn and flushes once (the audit ingestion's reads
	 * or acknowledgements of a round, one per stream): one write to the socket where the commands of
	 * {@link #streams()} take one each. Each command still goes to its own key's node on a cluster.
	 */
	public void pipeline(Collection<? extends RedisCommand<String, String, ?>> batch) {
		connections.get((next.getAndIncrement() & Integer.MAX_VALUE) % connections.size()).dispatch(batch);
	}

	/**
	 * Whether these are Redis Cluster connections (several addresses given): then a command may name
	 * several keys only when they share one hash slot, which decides how the audit ingestion groups
	 * the streams it reads in one command.
	 */
	public boolean cluster() {
		return client instanceof RedisClusterClient;
	}

	/** PING on every connection (the health check): the first failure, or PONG. */
	@SuppressWarnings("unchecked")
	public CompletionStage<String> ping() {
		CompletableFuture<String> all = CompletableFuture.completedFuture("PONG");
		for (Object each : commands) {
			CompletionStage<String> pong = ((BaseRedisAsyncCommands<String, String>) each).ping();
			all = all.thenCombine(pong, (a, b) -> b);
		}
		return all;
	}

	@Override
	public void close() {
		connections.forEach(StatefulConnection::close);
		client.shutdown();
		resources.shutdown();
	}

	/** {@value #IO_THREADS} connections, one per I/O thread (Lettuce gives each new connection the next event loop). */
	private static <C> List<C> connect(AbstractRedisClient client, Supplier<C> connect) {
		try {
			List<C> connections = new ArrayList<>();
			for (int i = 0; i < IO_THREADS; i++) {
				connections.add(connect.get());
			}
			return connections;
		}
		catch (RuntimeException ex) {
			client.shutdown();
			throw ex;
		}
	}

	/** One node's address with the credentials and timeout, never the credentials in its text (logs). */
	private static RedisURI uri(String node, RedisEndpoint endpoint, Duration timeout, boolean verifyHostname) {
		URI address = URI.create(node);
		String host = address.getHost().startsWith("[") ? address.getHost().substring(1, address.getHost().length() - 1)
				: address.getHost();
		RedisURI.Builder uri = RedisURI.builder().withHost(host).withPort(address.getPort()).withTimeout(timeout);
		if (endpoint.password() != null) {
			if (endpoint.username() != null) {
				uri.withAuthentication(endpoint.username(), endpoint.password());
			}
			else {
				uri.withPassword(endpoint.password().toCharArray());
			}
		}
		if (endpoint.tls()) {
			uri.withSsl(true).withVerifyPeer(verifyHostname ? SslVerifyMode.FULL : SslVerifyMode.CA);
		}
		return uri.build();
	}

	/** For {@code rediss://}: the CA file's certificates, or the JDK's trust store when none is set. */
	private static SslOptions ssl(RedisEndpoint endpoint, Path caFile) {
		if (!endpoint.tls() || caFile == null) {
			return null;
		}
		return SslOptions.builder().trustManager(RedisEndpoint.trustOnly(caFile)).build();
	}
}
