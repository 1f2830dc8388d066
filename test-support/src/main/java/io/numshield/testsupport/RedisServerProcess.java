package io.numshield.testsupport;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A {@code redis-server} of a test's own, for what the shared one cannot show (ACL users,
 * {@code requirepass}, TLS): started from the configuration lines given, on a free
 * loopback port, with no persistence, in a directory of its own. {@link #close()} stops
 * it; a shutdown hook stops it too if the test never gets there. Needs
 * {@code redis-server} on the PATH ({@link #installed()}).
 */
public final class RedisServerProcess implements AutoCloseable {

	private final Process process;

	private final Thread hook;

	private final int port;

	private final Path log;

	private RedisServerProcess(Process process, int port, Path log) {
		this.process = process;
		this.port = port;
		this.log = log;
		this.hook = new Thread(process::destroyForcibly, "stop-redis-server-" + port);
		Runtime.getRuntime().addShutdownHook(hook);
	}

	/** Whether {@code redis-server} can be started here. */
	public static boolean installed() {
		return succeeds(List.of("redis-server", "--version"));
	}

	/**
	 * Whether this machine's {@code redis-server} was built with TLS (it links OpenSSL)
	 * and {@code openssl} is there to make certificates.
	 */
	public static boolean tlsAvailable() {
		return installed() && succeeds(List.of("openssl", "version"))
				&& runOutput(List.of("sh", "-c", "ldd \"$(command -v redis-server)\"")).contains("libssl");
	}

	/**
	 * Starts a server with the given lines of {@code redis.conf} ({@code port} /
	 * {@code tls-port}, {@code bind}, {@code dir} and persistence are set here); answers
	 * once it accepts connections.
	 * @param tls whether the free port is the TLS port ({@code tls-port}, plain port off)
	 */
	public static RedisServerProcess start(Path dir, boolean tls, List<String> configLines) throws IOException {
		return start(dir, freePort(), tls, configLines);
	}

	/**
	 * As {@link #start(Path, boolean, List)}, on a port chosen by the caller (a cluster
	 * node needs its bus port, +10000, free too).
	 */
	static RedisServerProcess start(Path dir, int port, boolean tls, List<String> configLines) throws IOException {
		List<String> conf = new ArrayList<>();
		conf.add("bind 127.0.0.1");
		conf.add(tls ? "port 0" : "port " + port);
		if (tls) {
			conf.add("tls-port " + port);
		}
		conf.add("dir " + dir);
		conf.add("save \"\"");
		conf.add("appendonly no");
		conf.add("daemonize no");
		conf.addAll(configLines);
		Path file = dir.resolve("redis-" + port + ".conf");
		Files.write(file, conf);
		Path log = dir.resolve("redis-" + port + ".log");
		Process process = new ProcessBuilder("redis-server", file.toString()).redirectErrorStream(true)
			.redirectOutput(log.toFile())
			.start();
		RedisServerProcess server = new RedisServerProcess(process, port, log);
		try {
			server.awaitListening();
		}
		catch (IOException | RuntimeException ex) {
			server.close();
			throw ex;
		}
		return server;
	}

	public int port() {
		return port;
	}

	/** Whether the server still runs (not {@link #kill}ed, not exited). */
	public boolean alive() {
		return process.isAlive();
	}

	/**
	 * Kills the server at once (SIGKILL), as a crash would: no shutdown save, no goodbye
	 * to a cluster's other nodes, whatever it had not yet replicated is lost.
	 */
	public void kill() {
		process.destroyForcibly();
		try {
			process.waitFor(10, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	@Override
	public void close() {
		process.destroy();
		try {
			if (!process.waitFor(10, TimeUnit.SECONDS)) {
				process.destroyForcibly();
			}
		}
		catch (InterruptedException ex) {
			process.destroyForcibly();
			Thread.currentThread().interrupt();
		}
		try {
			Runtime.getRuntime().removeShutdownHook(hook);
		}
		catch (IllegalStateException ex) {
			// the JVM is shutting down: the hook runs anyway
		}
	}

	private void awaitListening() throws IOException {
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
		while (System.nanoTime() < deadline) {
			if (!process.isAlive()) {
				throw new IOException("redis-server exited: " + Files.readString(log));
			}
			try (Socket socket = new Socket()) {
				socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
				return;
			}
			catch (IOException notYet) {
				sleep();
			}
		}
		throw new IOException("redis-server did not listen on " + port + ": " + Files.readString(log));
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
			return socket.getLocalPort();
		}
	}

	private static boolean succeeds(List<String> command) {
		try {
			Process p = new ProcessBuilder(command).redirectErrorStream(true)
				.redirectOutput(ProcessBuilder.Redirect.DISCARD)
				.start();
			return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
		}
		catch (IOException ex) {
			return false;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
	}

	/**
	 * What {@code command} prints (standard output and error), or "" when it cannot be
	 * run.
	 */
	static String runOutput(List<String> command) {
		try {
			Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
			String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
			p.waitFor(10, TimeUnit.SECONDS);
			return out;
		}
		catch (IOException ex) {
			return "";
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return "";
		}
	}

	private static void sleep() {
		try {
			Thread.sleep(50);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

}
