package io.numshield.core.redis;

import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisCommandTimeoutException;
import io.lettuce.core.RedisConnectionException;
import io.lettuce.core.RedisException;
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
import io.lettuce.core.cluster.ClusterTopologyRefreshOptions;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.SlotHash;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.models.partitions.RedisClusterNode;
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
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * The Lettuce connections that carry the hot scripts (ADR 0009): the services' lease
 * scripts and the gateway's edge check. One per I/O thread, taken in turn: the commands
 * of all concurrent requests are written to them without waiting for each other's replies
 * (pipelined), where Redisson takes a pooled connection per command for its whole round
 * trip. Here in the core, Spring-free, so that the gateway (which does not use
 * service-support, ADR 0004) builds it from its own settings as the services do from
 * theirs. Built from the same {@link RedisEndpoint} as the Redisson client: one node, or
 * Redis Cluster when several addresses are given (a script's first key carries its hash
 * tag, so Lettuce routes it by that key's slot); {@code rediss://} with the same
 * certificate check; the ACL user and password; every command bounded by
 * {@code numshield.redis.timeout}. Replies complete on the two I/O threads, so that the
 * answers the hot paths write from them are spread over both cores.
 */
public final class ScriptConnection implements AutoCloseable {

	/**
	 * I/O threads, and connections: two cores here; more threads only add switches
	 * (Redisson's 32, ADR 0009).
	 */
	static final int IO_THREADS = 2;

	/**
	 * On a cluster, the slot map is read again on every sign that it changed (a MOVED or
	 * ASK answer, a node that does not reconnect, a slot no node serves), at most once a
	 * second, and every {@value #TOPOLOGY_PERIOD_SECONDS} seconds regardless: after a
	 * master dies the first sign comes before its replica has taken over, and Lettuce's
	 * default (one refresh per 30 s) kept the dead node's slots failing that long.
	 */
	static final int TOPOLOGY_PERIOD_SECONDS = 5;

	private static final ClusterTopologyRefreshOptions TOPOLOGY_REFRESH = ClusterTopologyRefreshOptions.builder()
		.enableAllAdaptiveRefreshTriggers()
		.adaptiveRefreshTriggersTimeout(Duration.ofSeconds(1))
		.refreshTriggersReconnectAttempts(1)
		.enablePeriodicRefresh(Duration.ofSeconds(TOPOLOGY_PERIOD_SECONDS))
		.build();

	private final ClientResources resources;

	private final AbstractRedisClient client;

	private final List<StatefulConnection<String, String>> connections;

	/**
	 * The async commands of each connection (a standalone or a cluster connection's: both
	 * script and ping).
	 */
	private final List<Object> commands;

	private final AtomicInteger next = new AtomicInteger();

	static final long REFRESH_AFTER_FAILURE_MILLIS = 500;

	/** When {@link #failed} last asked for the slot map (nanoTime). */
	private final AtomicLong lastRefresh = new AtomicLong(System.nanoTime() - 1_000_000_000L);

	/**
	 * SHA of each script source, read without a lock on every call (every hot request
	 * runs one).
	 */
	private final Map<String, String> shas = new ConcurrentHashMap<>();

	private ScriptConnection(ClientResources resources, AbstractRedisClient client,
			List<StatefulConnection<String, String>> connections, List<Object> commands) {
		this.resources = resources;
		this.client = client;
		this.connections = connections;
		this.commands = commands;
	}

	/**
	 * Connects as {@code numshield.redis.*} says; fails when Redis cannot be reached (as
	 * the Redisson client does).
	 * @param endpoint the addresses and credentials ({@link RedisEndpoint#parse})
	 * @param timeout how long one command may take before it fails
	 * @param verifyHostname for {@code rediss://}: whether the certificate must name the
	 * host (the chain is checked either way)
	 * @param caFile for {@code rediss://}: PEM file of the certificates to trust;
	 * {@code null}: the JDK's trust store
	 */
	public static ScriptConnection open(RedisEndpoint endpoint, Duration timeout, boolean verifyHostname, Path caFile) {
		ClientResources resources = DefaultClientResources.builder()
			.ioThreadPoolSize(IO_THREADS)
			.computationThreadPoolSize(IO_THREADS)
			.build();
		try {
			List<RedisURI> uris = endpoint.nodes()
				.stream()
				.map(node -> uri(node, endpoint, timeout, verifyHostname))
				.toList();
			SslOptions ssl = ssl(endpoint, caFile);
			TimeoutOptions timeouts = TimeoutOptions.enabled(timeout);
			if (uris.size() > 1) {
				RedisClusterClient client = RedisClusterClient.create(resources, uris);
				ClusterClientOptions.Builder options = ClusterClientOptions.builder()
					.timeoutOptions(timeouts)
					.topologyRefreshOptions(TOPOLOGY_REFRESH);
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
	 * Runs the script {@code source} by its SHA (computed here, once per source), and
	 * after {@code NOSCRIPT} (first use on a node, Redis restarted, its scripts flushed,
	 * or a failover to a replica that never ran it) by its source: {@code EVAL} goes to
	 * the same node as the {@code EVALSHA} did ({@code keys[0]}'s slot on Redis Cluster)
	 * and leaves the script in that node's cache, so every master has it from its first
	 * call on, without ever blocking: the stage completes on an I/O thread. (A
	 * {@code SCRIPT LOAD} of its own could reach another node than the call on a
	 * cluster.) The one way every caller (the lease scripts, the gateway's edge script)
	 * runs a script.
	 */
	public <T> CompletionStage<T> evalAsync(String source, ScriptOutputType type, String[] keys, String... args) {
		return evalOn(scripting(), source, type, keys, args);
	}

	/**
	 * {@link #evalAsync}, answered only once {@code replicas} replicas of the node that
	 * ran the script have it too: {@code WAIT replicas timeout} on the same connection
	 * right after the script (WAIT counts the replicas that acknowledged this
	 * connection's writes, and cannot run inside a script). Fails with
	 * {@link NotReplicatedException} when fewer acknowledged within {@code timeout}; the
	 * script's writes stay on the master then (a retry with the same id finds them).
	 */
	@SuppressWarnings("unchecked")
	public <T> CompletionStage<T> evalReplicatedAsync(String source, ScriptOutputType type, String[] keys, int replicas,
			Duration timeout, String... args) {
		int which = nextIndex();
		return this
			.<T>evalOn((RedisScriptingAsyncCommands<String, String>) commands.get(which), source, type, keys, args)
			.thenCompose(reply -> nodeOf(which, keys[0])
				.thenCompose(node -> node.waitForReplication(replicas, timeout.toMillis()))
				.thenCompose(acknowledged -> acknowledged != null && acknowledged >= replicas
						? CompletableFuture.completedStage(reply) : CompletableFuture.failedStage(
								new NotReplicatedException(replicas, acknowledged == null ? 0 : acknowledged))));
	}

	/** EVALSHA, and EVAL on the same connection after NOSCRIPT (so on the same node). */
	private <T> CompletionStage<T> evalOn(RedisScriptingAsyncCommands<String, String> scripting, String source,
			ScriptOutputType type, String[] keys, String[] args) {
		String known = shas.get(source);
		String sha = known != null ? known : shas.computeIfAbsent(source, ScriptConnection::sha1);
		return scripting.<T>evalsha(sha, type, keys, args).exceptionallyCompose(failure -> {
			Throwable cause = unwrap(failure);
			if (!(cause instanceof RedisNoScriptException)) {
				failed(cause);
				return CompletableFuture.failedStage(cause);
			}
			shas.remove(source); // computed again on the next call, in case the cached
									// one was not the script's
			return scripting.<T>eval(source, type, keys, args);
		});
	}

	/**
	 * The commands of the node connection that carried connection {@code which}'s last
	 * command for {@code key}: on a cluster, Lettuce keeps one connection per node (by
	 * host and port) for the slot-routed commands and answers the same one here; on one
	 * node, the connection itself.
	 */
	@SuppressWarnings("unchecked")
	private CompletionStage<BaseRedisAsyncCommands<String, String>> nodeOf(int which, String key) {
		if (connections.get(which) instanceof StatefulRedisClusterConnection<String, String> cluster) {
			RedisClusterNode master = cluster.getPartitions().getPartitionBySlot(SlotHash.getSlot(key));
			if (master == null) {
				return CompletableFuture.failedStage(new RedisException("no node serves the slot of " + key));
			}
			RedisURI node = master.getUri();
			return cluster.getConnectionAsync(node.getHost(), node.getPort()).thenApply(StatefulRedisConnection::async);
		}
		return CompletableFuture.completedStage((BaseRedisAsyncCommands<String, String>) commands.get(which));
	}

	/**
	 * The text of the script {@code file}, a resource next to {@code owner}'s class: what
	 * {@link #evalAsync} is given as {@code source}. Fails when the file is missing (a
	 * packaging error).
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
	 * Waits for {@code stage} and throws its failure as it is (not wrapped): for the cool
	 * paths that call {@link #evalAsync} and wait, never from a stage of it (an I/O
	 * thread).
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

	/**
	 * On a cluster, a command that timed out or lost its connection may have gone to a
	 * master that died: the slot map is read again at once (at most every
	 * {@value #REFRESH_AFTER_FAILURE_MILLIS} ms), so that the next call goes to the
	 * replica that took over as soon as it has.
	 */
	private void failed(Throwable cause) {
		if (!(client instanceof RedisClusterClient cluster)
				|| !(cause instanceof RedisCommandTimeoutException || cause instanceof RedisConnectionException)) {
			return;
		}
		long now = System.nanoTime();
		long last = lastRefresh.get();
		if (now - last >= REFRESH_AFTER_FAILURE_MILLIS * 1_000_000L && lastRefresh.compareAndSet(last, now)) {
			cluster.refreshPartitionsAsync();
		}
	}

	/** The SHA1 Redis names a script by (lower-case hex of its UTF-8 bytes). */
	public static String sha1(String source) {
		try {
			return HexFormat.of()
				.formatHex(MessageDigest.getInstance("SHA-1").digest(source.getBytes(StandardCharsets.UTF_8)));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("every JDK has SHA-1", ex);
		}
	}

	private static Throwable unwrap(Throwable ex) {
		return ex instanceof CompletionException && ex.getCause() != null ? ex.getCause() : ex;
	}

	/** The scripting commands of the next connection in turn. */
	@SuppressWarnings("unchecked")
	public RedisScriptingAsyncCommands<String, String> scripting() {
		return (RedisScriptingAsyncCommands<String, String>) commands.get(nextIndex());
	}

	private int nextIndex() {
		return (next.getAndIncrement() & Integer.MAX_VALUE) % commands.size();
	}

	/**
	 * The stream commands of the next connection in turn: the audit service's reads and
	 * acknowledgements (ADR 0009), written pipelined like the scripts and decoded by
	 * Lettuce's incremental decoder.
	 */
	@SuppressWarnings("unchecked")
	public RedisStreamAsyncCommands<String, String> streams() {
		return (RedisStreamAsyncCommands<String, String>) commands
			.get((next.getAndIncrement() & Integer.MAX_VALUE) % commands.size());
	}

	/**
	 * Writes the commands on the next connection in turn and flushes once (the audit
	 * ingestion's reads or acknowledgements of a round, one per stream): one write to the
	 * socket where the commands of {@link #streams()} take one each. Each command still
	 * goes to its own key's node on a cluster.
	 */
	public void pipeline(Collection<? extends RedisCommand<String, String, ?>> batch) {
		connections.get((next.getAndIncrement() & Integer.MAX_VALUE) % connections.size()).dispatch(batch);
	}

	/**
	 * On Redis Cluster, the id of the master that serves {@code key}'s slot, as this
	 * client last read the slot map (on its triggers and every
	 * {@value #TOPOLOGY_PERIOD_SECONDS} s); empty on one node or while no node serves the
	 * slot. A change means a failover (or a resharding) moved the shard.
	 */
	public Optional<String> masterOf(String key) {
		if (!(client instanceof RedisClusterClient cluster)) {
			return Optional.empty();
		}
		return Optional.ofNullable(cluster.getPartitions().getPartitionBySlot(SlotHash.getSlot(key)))
			.map(RedisClusterNode::getNodeId);
	}

	/**
	 * Whether these are Redis Cluster connections (several addresses given): then a
	 * command may name several keys only when they share one hash slot, which decides how
	 * the audit ingestion groups the streams it reads in one command.
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

	/**
	 * {@value #IO_THREADS} connections, one per I/O thread (Lettuce gives each new
	 * connection the next event loop).
	 */
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

	/**
	 * One node's address with the credentials and timeout, never the credentials in its
	 * text (logs).
	 */
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

	/**
	 * For {@code rediss://}: the CA file's certificates, or the JDK's trust store when
	 * none is set.
	 */
	private static SslOptions ssl(RedisEndpoint endpoint, Path caFile) {
		if (!endpoint.tls() || caFile == null) {
			return null;
		}
		return SslOptions.builder().trustManager(RedisEndpoint.trustOnly(caFile)).build();
	}

}
