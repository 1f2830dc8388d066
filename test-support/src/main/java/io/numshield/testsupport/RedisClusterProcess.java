package io.numshield.testsupport;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * A Redis Cluster of a test's own on loopback, from the installed {@code redis-server}
 * and {@code redis-cli}: {@code masters} masters with {@code replicasPerMaster} replicas
 * each, every node a {@link RedisServerProcess} (no persistence, a temporary directory)
 * on a port whose cluster bus port (+10000) is free too, joined by
 * {@code redis-cli --cluster create}. {@link #start} answers once every node says
 * {@code cluster_state:ok} and every replica's link to its master is up, so that a test
 * may kill a master at once and see a replica take over. {@link #close()} (or the JVM's
 * exit) stops every node.
 */
public final class RedisClusterProcess implements AutoCloseable {

	private final Path dir;

	private final List<RedisServerProcess> nodes;

	private final List<String> nodeConfig = new ArrayList<>();

	private RedisClusterProcess(Path dir, List<RedisServerProcess> nodes) {
		this.dir = dir;
		this.nodes = nodes;
	}

	/**
	 * Whether a cluster can be started here: {@code redis-server} and {@code redis-cli}
	 * on the PATH.
	 */
	public static boolean installed() {
		return RedisServerProcess.installed() && !run(List.of("redis-cli", "--version")).isEmpty();
	}

	/**
	 * Starts the nodes and joins them into one cluster.
	 * @param nodeTimeout {@code cluster-node-timeout}: how long a master may not answer
	 * before its replica takes over (the failover takes about this plus a second)
	 * @param configLines further lines of every node's {@code redis.conf}
	 */
	public static RedisClusterProcess start(int masters, int replicasPerMaster, java.time.Duration nodeTimeout,
			List<String> configLines) throws IOException {
		Path dir = Files.createTempDirectory("numshield-redis-cluster");
		List<RedisServerProcess> nodes = new ArrayList<>();
		RedisClusterProcess cluster = new RedisClusterProcess(dir, nodes);
		cluster.nodeConfig.add("cluster-node-timeout " + nodeTimeout.toMillis());
		cluster.nodeConfig.addAll(configLines);
		try {
			for (int i = 0; i < masters * (1 + replicasPerMaster); i++) {
				nodes.add(startNode(dir, cluster.nodeConfig));
			}
			List<String> create = new ArrayList<>(List.of("redis-cli", "--cluster", "create"));
			nodes.forEach(n -> create.add("127.0.0.1:" + n.port()));
			create.addAll(List.of("--cluster-replicas", String.valueOf(replicasPerMaster), "--cluster-yes"));
			String out = run(create);
			if (!out.contains("All 16384 slots covered")) {
				throw new IOException("redis-cli --cluster create failed: " + out);
			}
			cluster.awaitHealthy();
			return cluster;
		}
		catch (IOException | RuntimeException ex) {
			cluster.close();
			throw ex;
		}
	}

	/**
	 * Every node's address, comma-separated: the {@code numshield.redis.url} of a
	 * cluster.
	 */
	public String url() {
		return nodes.stream().map(n -> "redis://127.0.0.1:" + n.port()).collect(Collectors.joining(","));
	}

	/**
	 * Every node started, in the order of {@code --cluster create} (masters first),
	 * killed ones included.
	 */
	public List<RedisServerProcess> nodes() {
		return List.copyOf(nodes);
	}

	/**
	 * The node that serves {@code key}'s slot now, as a live node's {@code CLUSTER NODES}
	 * says.
	 */
	public RedisServerProcess masterOf(String key) {
		return masterServing(key).orElseThrow(() -> new IllegalStateException("no live master serves " + key));
	}

	/**
	 * The master that serves {@code key}'s slot now; none while its master failed and no
	 * replica took over yet.
	 */
	public Optional<RedisServerProcess> masterServing(String key) {
		RedisServerProcess any = anyLive();
		int slot = Integer.parseInt(cli(any.port(), "CLUSTER", "KEYSLOT", key).strip());
		for (String line : cli(any.port(), "CLUSTER", "NODES").split("\n")) {
			String[] f = line.strip().split(" ");
			if (f.length < 9 || !f[2].contains("master") || f[2].contains("fail")) {
				continue;
			}
			for (int i = 8; i < f.length; i++) {
				if (f[i].startsWith("[")) {
					continue; // a slot being migrated
				}
				String[] range = f[i].split("-");
				int from = Integer.parseInt(range[0]);
				int to = range.length > 1 ? Integer.parseInt(range[1]) : from;
				if (slot >= from && slot <= to) {
					int port = Integer.parseInt(f[1].substring(f[1].indexOf(':') + 1, f[1].indexOf('@')));
					return nodes.stream().filter(n -> n.port() == port).findFirst();
				}
			}
		}
		return Optional.empty();
	}

	/** Runs one command with {@code redis-cli} against one node; its output. */
	public String cli(int port, String... command) {
		List<String> args = new ArrayList<>(List.of("redis-cli", "-h", "127.0.0.1", "-p", String.valueOf(port)));
		args.addAll(List.of(command));
		return run(args);
	}

	/**
	 * Waits until every live node says {@code cluster_state:ok}, each live master has a
	 * replica whose link is up (unless it has none left alive), and no node still flags a
	 * live one as failing.
	 */
	public void awaitHealthy() throws IOException {
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
		String last = "";
		while (System.nanoTime() < deadline) {
			Optional<String> notYet = notHealthy();
			if (notYet.isEmpty()) {
				return;
			}
			last = notYet.get();
			sleep(100);
		}
		throw new IOException("the Redis cluster did not become healthy: " + last);
	}

	/**
	 * Waits until every live replica has everything its master has written so far (its
	 * offset equals the master's): for a test that must know a write reached a replica
	 * before it kills the master.
	 */
	public void awaitReplicated() throws IOException {
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
		while (System.nanoTime() < deadline) {
			boolean behind = false;
			for (RedisServerProcess node : nodes) {
				if (!node.alive()) {
					continue;
				}
				String replication = cli(node.port(), "INFO", "replication");
				if (!replication.contains("role:master")) {
					continue;
				}
				String offset = field(replication, "master_repl_offset");
				behind |= replication.lines()
					.filter(l -> l.startsWith("slave") && l.contains("offset="))
					.anyMatch(l -> !l.contains("offset=" + offset + ","));
			}
			if (!behind) {
				return;
			}
			sleep(50);
		}
		throw new IOException("the replicas did not catch up with their masters");
	}

	@Override
	public void close() {
		nodes.forEach(RedisServerProcess::close);
		try (var files = Files.walk(dir)) {
			files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
		}
		catch (IOException ex) {
			// a temporary directory: the system cleans it up
		}
	}

	private Optional<String> notHealthy() {
		for (RedisServerProcess node : nodes) {
			if (!node.alive()) {
				continue;
			}
			String info = cli(node.port(), "CLUSTER", "INFO");
			if (!info.contains("cluster_state:ok")) {
				return Optional.of(node.port() + ": " + info.lines().findFirst().orElse(info));
			}
			String replication = cli(node.port(), "INFO", "replication");
			if (replication.contains("role:slave") && !replication.contains("master_link_status:up")) {
				return Optional.of(node.port() + ": replica link down");
			}
			for (String line : cli(node.port(), "CLUSTER", "NODES").split("\n")) {
				String[] f = line.strip().split(" ");
				if (f.length > 2 && f[2].contains("fail") && liveNode(f[1])) {
					return Optional.of(node.port() + " still flags " + f[1]);
				}
			}
		}
		return Optional.empty();
	}

	private static String field(String info, String name) {
		return info.lines()
			.filter(l -> l.startsWith(name + ":"))
			.map(l -> l.substring(name.length() + 1).strip())
			.findFirst()
			.orElse("");
	}

	private boolean liveNode(String address) {
		int port = Integer.parseInt(address.substring(address.indexOf(':') + 1, address.indexOf('@')));
		return nodes.stream().anyMatch(n -> n.port() == port && n.alive());
	}

	private RedisServerProcess anyLive() {
		return nodes.stream()
			.filter(RedisServerProcess::alive)
			.findFirst()
			.orElseThrow(() -> new IllegalStateException("no node of the cluster is alive"));
	}

	/**
	 * Starts a {@link RedisServerProcess#kill killed} node again on its port, as a
	 * supervisor would: it keeps its node id (its {@code nodes-<port>.conf}), learns that
	 * its replica took its slots over, and becomes that one's replica (with no data of
	 * its own: no persistence here).
	 */
	public RedisServerProcess restart(RedisServerProcess killed) throws IOException {
		int index = nodes.indexOf(killed);
		if (index < 0 || killed.alive()) {
			throw new IllegalArgumentException("not a killed node of this cluster: " + killed.port());
		}
		RedisServerProcess again = RedisServerProcess.start(dir, killed.port(), false,
				config(killed.port(), nodeConfig));
		nodes.set(index, again);
		return again;
	}

	private static List<String> config(int port, List<String> nodeConfig) {
		List<String> conf = new ArrayList<>(
				List.of("cluster-enabled yes", "cluster-config-file nodes-" + port + ".conf"));
		conf.addAll(nodeConfig);
		return conf;
	}

	/**
	 * A node on a port below 55535 whose bus port is free as well; another port if one
	 * was taken meanwhile.
	 */
	private static RedisServerProcess startNode(Path dir, List<String> nodeConfig) throws IOException {
		IOException last = null;
		for (int attempt = 0; attempt < 10; attempt++) {
			int port = ThreadLocalRandom.current().nextInt(20000, 30000);
			if (!free(port) || !free(port + 10000)) {
				continue;
			}
			try {
				return RedisServerProcess.start(dir, port, false, config(port, nodeConfig));
			}
			catch (IOException ex) {
				last = ex;
			}
		}
		throw new IOException("no free port pair for a cluster node", last);
	}

	private static boolean free(int port) {
		try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
			return true;
		}
		catch (IOException ex) {
			return false;
		}
	}

	private static String run(List<String> command) {
		return RedisServerProcess.runOutput(command);
	}

	private static void sleep(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

}
