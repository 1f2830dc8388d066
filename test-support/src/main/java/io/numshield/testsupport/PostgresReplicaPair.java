package io.numshield.testsupport;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.UserPrincipal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A PostgreSQL primary and a streaming replica of it, of a test's own: what the machine's
 * server on 5432 cannot show (its {@code pg_hba.conf} may not allow replication, and a
 * test must not stop it). The primary is made by {@code initdb} (trust,
 * {@code wal_level=replica}, a {@code pg_hba} line for replication from 127.0.0.1), the
 * replica by {@code pg_basebackup -R} from it; both run under {@code pg_ctl} on free
 * loopback ports, without Unix sockets, in one temporary directory, and are stopped (and
 * the directory removed) by {@link #close()} or, if the test never gets there, at exit.
 * Both log every statement ({@code log_statement=all}), so a test can tell which server
 * answered.
 * <p>
 * The binaries are taken from {@code NUMSHIELD_TEST_PG_BIN} when set, else from the
 * newest {@code /usr/lib/postgresql/<version>/bin} (Debian does not put them on the
 * PATH). PostgreSQL refuses to run as root: as root, every command runs as the
 * {@code postgres} user ({@code runuser}). {@link #unavailable()} says why the pair
 * cannot start here, if it cannot.
 */
public final class PostgresReplicaPair implements AutoCloseable {

	/** The superuser of both servers (trust: no password). */
	public static final String USER = "postgres";

	private static final String OS_USER = "postgres";

	/**
	 * Where the binaries are when not under {@code /usr/lib/postgresql} (another
	 * distribution, a build of one's own).
	 */
	private static final String BIN_ENV = "NUMSHIELD_TEST_PG_BIN";

	private final Path bin;

	private final Path dir;

	private final int primaryPort;

	private final int replicaPort;

	private final Thread hook;

	private PostgresReplicaPair(Path bin, Path dir, int primaryPort, int replicaPort) {
		this.bin = bin;
		this.dir = dir;
		this.primaryPort = primaryPort;
		this.replicaPort = replicaPort;
		this.hook = new Thread(this::stopAndRemove, "stop-postgres-pair-" + primaryPort);
		Runtime.getRuntime().addShutdownHook(hook);
	}

	/** Why the pair cannot start on this machine, or empty when it can. */
	public static Optional<String> unavailable() {
		if (binaries().isEmpty()) {
			return Optional
				.of("no PostgreSQL server binaries (initdb, pg_ctl, pg_basebackup) in "
						+ (System.getenv(BIN_ENV) != null ? BIN_ENV + "=" + System.getenv(BIN_ENV)
								: "/usr/lib/postgresql/*/bin")
						+ " (set " + BIN_ENV + " to the directory that holds them)");
		}
		if (asRoot() && !(Files.isExecutable(Path.of("/usr/sbin/runuser"))
				|| Files.isExecutable(Path.of("/sbin/runuser")))) {
			return Optional.of("running as root, and no runuser to start PostgreSQL as the '" + OS_USER + "' user");
		}
		if (asRoot() && osUser().isEmpty()) {
			return Optional.of("running as root, and there is no '" + OS_USER + "' user to start PostgreSQL as");
		}
		return Optional.empty();
	}

	/**
	 * Starts the primary, copies it into the replica and starts that; answers once both
	 * accept connections and the replica streams from the primary. A few seconds.
	 */
	public static PostgresReplicaPair start() throws IOException {
		Optional<String> why = unavailable();
		if (why.isPresent()) {
			throw new IllegalStateException(why.get());
		}
		Path dir = Files.createTempDirectory("ns-pgpair");
		if (asRoot()) {
			Files.setOwner(dir, osUser().orElseThrow());
		}
		PostgresReplicaPair pair = new PostgresReplicaPair(binaries().orElseThrow(), dir, freePort(), freePort());
		try {
			pair.initPrimary();
			pair.cloneReplica();
			pair.startReplica();
		}
		catch (IOException | RuntimeException ex) {
			pair.close();
			throw ex;
		}
		return pair;
	}

	/** A JDBC URL of {@code database} on the primary. */
	public String primaryUrl(String database) {
		return "jdbc:postgresql://127.0.0.1:" + primaryPort + "/" + database;
	}

	/** A JDBC URL of {@code database} on the replica (read-only: it is in recovery). */
	public String replicaUrl(String database) {
		return "jdbc:postgresql://127.0.0.1:" + replicaPort + "/" + database;
	}

	public int primaryPort() {
		return primaryPort;
	}

	public int replicaPort() {
		return replicaPort;
	}

	/** Creates a database on the primary (the replica gets it by replication). */
	public void createDatabase(String name) throws SQLException {
		try (Connection c = DriverManager.getConnection(primaryUrl("postgres"), USER, "");
				Statement sql = c.createStatement()) {
			sql.execute("CREATE DATABASE " + name);
		}
	}

	/**
	 * Stops the replica (fast shutdown: its sessions are ended), as a replica that went
	 * away.
	 */
	public void stopReplica() throws IOException {
		pgCtl("-D", dir.resolve("replica").toString(), "-m", "fast", "-w", "stop");
	}

	/** Starts the replica (again); answers once it accepts connections. */
	public void startReplica() throws IOException {
		pgCtl("-D", dir.resolve("replica").toString(), "-l", replicaLog().toString(), "-w", "-t", "60", "start");
	}

	/**
	 * Stops applying the primary's WAL on the replica (it still receives it): the replica
	 * falls behind.
	 */
	public void pauseReplay() throws SQLException {
		onReplica("SELECT pg_wal_replay_pause()");
	}

	/** Applies the primary's WAL again. */
	public void resumeReplay() throws SQLException {
		onReplica("SELECT pg_wal_replay_resume()");
	}

	/** Whether the replica has applied everything the primary has written until now. */
	public boolean replicaCaughtUp() throws SQLException {
		String written;
		try (Connection c = DriverManager.getConnection(primaryUrl("postgres"), USER, "");
				Statement sql = c.createStatement();
				var rs = sql.executeQuery("SELECT pg_current_wal_flush_lsn()")) {
			rs.next();
			written = rs.getString(1);
		}
		try (Connection c = DriverManager.getConnection(replicaUrl("postgres"), USER, "");
				Statement sql = c.createStatement();
				var rs = sql.executeQuery("SELECT pg_last_wal_replay_lsn() >= '" + written + "'::pg_lsn")) {
			rs.next();
			return rs.getBoolean(1);
		}
	}

	/** The primary's server log: every statement it ran. */
	public Path primaryLog() {
		return dir.resolve("primary.log");
	}

	/** The replica's server log: every statement it ran. */
	public Path replicaLog() {
		return dir.resolve("replica.log");
	}

	@Override
	public void close() {
		stopAndRemove();
		try {
			Runtime.getRuntime().removeShutdownHook(hook);
		}
		catch (IllegalStateException ex) {
			// the JVM is shutting down: the hook runs anyway
		}
	}

	private void initPrimary() throws IOException {
		Path data = dir.resolve("primary");
		run(List.of(bin.resolve("initdb").toString(), "-D", data.toString(), "-U", USER, "-A", "trust", "-E", "UTF8",
				"--locale=C", "--no-sync"));
		Files.writeString(data.resolve("postgresql.conf"),
				String.join("\n", common(primaryPort), "wal_level = replica", "max_wal_senders = 4",
						// a replica stopped for a while catches up from the primary's WAL
						"wal_keep_size = '256MB'") + "\n",
				StandardOpenOption.APPEND);
		// initdb's trust lines already allow it; written here so that the pair does not
		// depend on that
		Files.writeString(data.resolve("pg_hba.conf"), "host replication " + USER + " 127.0.0.1/32 trust\n",
				StandardOpenOption.APPEND);
		pgCtl("-D", data.toString(), "-l", primaryLog().toString(), "-w", "-t", "60", "start");
	}

	private void cloneReplica() throws IOException {
		Path data = dir.resolve("replica");
		run(List.of(bin.resolve("pg_basebackup").toString(), "-h", "127.0.0.1", "-p", String.valueOf(primaryPort), "-U",
				USER, "-D", data.toString(), "-R", "-X", "stream", "-c", "fast", "--no-sync"));
		// later lines win: the copied postgresql.conf still names the primary's port
		Files.writeString(data.resolve("postgresql.conf"), String.join("\n", common(replicaPort),
				// the primary keeps rows a long read on the replica still sees, rather
				// than the replica cancelling it
				"hot_standby_feedback = on") + "\n", StandardOpenOption.APPEND);
	}

	private static String common(int port) {
		return String.join("\n", "", "listen_addresses = '127.0.0.1'", "port = " + port, "unix_socket_directories = ''",
				"max_connections = 50", "shared_buffers = '32MB'",
				// a test's data: speed over durability
				"fsync = off", "log_statement = 'all'", "log_line_prefix = '%m [%p] %d '");
	}

	private void onReplica(String statement) throws SQLException {
		try (Connection c = DriverManager.getConnection(replicaUrl("postgres"), USER, "");
				Statement sql = c.createStatement()) {
			sql.execute(statement);
		}
	}

	private void pgCtl(String... args) throws IOException {
		List<String> command = new ArrayList<>(List.of(bin.resolve("pg_ctl").toString()));
		command.addAll(List.of(args));
		run(command);
	}

	private void stopAndRemove() {
		for (String server : List.of("replica", "primary")) {
			if (Files.exists(dir.resolve(server).resolve("postmaster.pid"))) {
				try {
					pgCtl("-D", dir.resolve(server).toString(), "-m", "immediate", "-w", "stop");
				}
				catch (IOException | RuntimeException ex) {
					// already stopped, or going down with the JVM: the directory goes
					// anyway
				}
			}
		}
		delete(dir);
	}

	/**
	 * Runs a command (as the postgres user when this JVM is root); fails with its output.
	 */
	private void run(List<String> command) throws IOException {
		List<String> full = new ArrayList<>();
		if (asRoot()) {
			full.addAll(List.of("runuser", "-u", OS_USER, "--"));
		}
		full.addAll(command);
		Path out = Files.createTempFile("ns-pgpair-cmd", ".log");
		try {
			Process p = new ProcessBuilder(full).directory(dir.toFile())
				.redirectErrorStream(true)
				.redirectOutput(out.toFile())
				.start();
			if (!p.waitFor(120, TimeUnit.SECONDS)) {
				p.destroyForcibly();
				throw new IOException(String.join(" ", command) + " did not finish: " + Files.readString(out));
			}
			if (p.exitValue() != 0) {
				throw new IOException(
						String.join(" ", command) + " failed (" + p.exitValue() + "): " + Files.readString(out));
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IOException("interrupted: " + String.join(" ", command), ex);
		}
		finally {
			Files.deleteIfExists(out);
		}
	}

	/**
	 * {@code NUMSHIELD_TEST_PG_BIN} if set, else the newest
	 * {@code /usr/lib/postgresql/<version>/bin}; with the three programs.
	 */
	private static Optional<Path> binaries() {
		String given = System.getenv(BIN_ENV);
		if (given != null) {
			return Optional.of(Path.of(given)).filter(PostgresReplicaPair::complete);
		}
		Path root = Path.of("/usr/lib/postgresql");
		if (!Files.isDirectory(root)) {
			return Optional.empty();
		}
		try (Stream<Path> versions = Files.list(root)) {
			return versions.map(v -> v.resolve("bin"))
				.filter(PostgresReplicaPair::complete)
				.max(Comparator.comparingInt(PostgresReplicaPair::version));
		}
		catch (IOException ex) {
			return Optional.empty();
		}
	}

	private static boolean complete(Path bin) {
		return Stream.of("initdb", "pg_ctl", "pg_basebackup").allMatch(p -> Files.isExecutable(bin.resolve(p)));
	}

	private static int version(Path bin) {
		try {
			return Integer.parseInt(bin.getParent().getFileName().toString());
		}
		catch (NumberFormatException ex) {
			return 0;
		}
	}

	private static boolean asRoot() {
		return "root".equals(System.getProperty("user.name"));
	}

	private static Optional<UserPrincipal> osUser() {
		try {
			return Optional
				.of(Path.of("/").getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName(OS_USER));
		}
		catch (IOException ex) {
			return Optional.empty();
		}
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			return socket.getLocalPort();
		}
	}

	/**
	 * Best effort: a leftover temporary directory is harmless once the servers are
	 * stopped.
	 */
	private static void delete(Path root) {
		if (!Files.exists(root)) {
			return;
		}
		try {
			Files.walkFileTree(root, new SimpleFileVisitor<>() {

				@Override
				public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
					Files.deleteIfExists(file);
					return FileVisitResult.CONTINUE;
				}

				@Override
				public FileVisitResult postVisitDirectory(Path d, IOException ex) throws IOException {
					Files.deleteIfExists(d);
					return FileVisitResult.CONTINUE;
				}
			});
		}
		catch (IOException ex) {
			// left behind
		}
	}

}
