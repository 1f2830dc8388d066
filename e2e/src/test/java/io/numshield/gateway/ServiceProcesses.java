package io.numshield.gateway;

import io.numshield.testsupport.TestInfrastructure;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * binding-service, call-routing-service and compliance-audit-service started from their
 * runnable jars as child processes on free ports, against the test run's keys and token
 * secret, a Redis prefix and their own fresh databases: the gateway in front of the real
 * services, with no service class on the gateway's classpath. {@link #get()} is the set
 * every gateway IT shares: one instance of each, on the run's Redis prefix, started once
 * per JVM. {@link #start} starts a set of its own (several instances of each service on
 * one Redis prefix and one database per service, as a deployment of several instances
 * runs) for the one test that needs it; {@link #close()} ends it.
 */
final class ServiceProcesses implements AutoCloseable {

	/** The services, in the order they are started. */
	static final List<String> SERVICES = List.of("binding-service", "call-routing-service", "compliance-audit-service");

	/**
	 * Where the recording links of {@link #get()}'s set point (a platform's gateway URL).
	 */
	static final String RECORDING_LINK_BASE = "https://gateway.e2e.invalid";

	/** How long the recording links of {@link #get()}'s set work. */
	static final int RECORDING_LINK_LIFETIME_SECONDS = 6;

	private static ServiceProcesses instance;

	/** Per service, its extracted jar ({@link #extractedJarOf}, which guards it). */
	private static final Map<String, Path> EXTRACTED = new HashMap<>();

	/** Per service, the ports of its instances (index = instance). */
	private final Map<String, List<Integer>> ports = new LinkedHashMap<>();

	/** Per service, its instances' processes (index = instance). */
	private final Map<String, List<Process>> processes = new LinkedHashMap<>();

	private final String keyPrefix;

	private final String databaseTag;

	private final String heap;

	static synchronized ServiceProcesses get() {
		if (instance == null) {
			Map<String, String> audit = new LinkedHashMap<>(recordingSettings());
			// the fraud-signal detector every 5 s, not 2 min: ConsoleBrowserIT waits for
			// a
			// signal it planted
			audit.put("NUMSHIELD_AUDIT_SIGNALS_INTERVAL", "5s");
			instance = new ServiceProcesses(1, "", TestInfrastructure.get().keyPrefix(), "384m",
					Map.of("compliance-audit-service", audit));
			Runtime.getRuntime().addShutdownHook(new Thread(instance::close, "stop-service-processes"));
		}
		return instance;
	}

	/**
	 * The audit service's recording settings in {@link #get()}'s set: the store is
	 * {@link RecordingStoreServer}, links are issued for {@link #RECORDING_LINK_BASE} and
	 * live {@link #RECORDING_LINK_LIFETIME_SECONDS} (short, so that a test sees one
	 * expire).
	 */
	private static Map<String, String> recordingSettings() {
		RecordingStoreServer store = RecordingStoreServer.get();
		return Map.of("NUMSHIELD_RECORDING_STORE_URL", store.baseUrl(), "NUMSHIELD_RECORDING_STORE_AUTHORIZATION",
				RecordingStoreServer.AUTHORIZATION, "NUMSHIELD_RECORDING_LINK_BASE_URL", RECORDING_LINK_BASE,
				"NUMSHIELD_AUDIT_CALLS_LINKLIFETIME", RECORDING_LINK_LIFETIME_SECONDS + "s");
	}

	/**
	 * A set of its own: {@code instances} of each service, on the Redis prefix
	 * {@code keyPrefix} and the databases {@code <run>_<tag>svc} and
	 * {@code <run>_<tag>aud}, each process with a heap of {@code heap} and, per service,
	 * these extra environment variables.
	 */
	static ServiceProcesses start(int instances, String tag, String keyPrefix, String heap,
			Map<String, Map<String, String>> extraEnv) {
		return new ServiceProcesses(SERVICES, instances, tag, keyPrefix, heap, extraEnv);
	}

	/**
	 * {@link #start(int, String, String, String, Map)} of these services only (in
	 * {@link #SERVICES}' order): for a test that needs one service run differently, say
	 * with JSON logs.
	 */
	static ServiceProcesses start(List<String> services, String tag, String keyPrefix, String heap,
			Map<String, Map<String, String>> extraEnv) {
		return new ServiceProcesses(SERVICES.stream().filter(services::contains).toList(), 1, tag, keyPrefix, heap,
				extraEnv);
	}

	private ServiceProcesses(int instances, String tag, String keyPrefix, String heap,
			Map<String, Map<String, String>> extraEnv) {
		this(SERVICES, instances, tag, keyPrefix, heap, extraEnv);
	}

	private ServiceProcesses(List<String> services, int instances, String tag, String keyPrefix, String heap,
			Map<String, Map<String, String>> extraEnv) {
		TestInfrastructure infra = TestInfrastructure.get();
		this.keyPrefix = keyPrefix;
		this.databaseTag = tag;
		this.heap = heap;
		String bindingDb = services.contains("binding-service") ? database(infra, "_" + tag + "svc") : "";
		String auditDb = services.contains("compliance-audit-service") ? database(infra, "_" + tag + "aud") : "";
		Map<String, Map<String, String>> env = Map.of("binding-service",
				Map.of("NUMSHIELD_DB_URL", bindingDb, "NUMSHIELD_DB_USER", infra.user(), "NUMSHIELD_DB_PASSWORD",
						infra.password()),
				"call-routing-service", Map.of(), "compliance-audit-service", Map.of("NUMSHIELD_AUDIT_DB_URL", auditDb,
						"NUMSHIELD_AUDIT_DB_USER", infra.user(), "NUMSHIELD_AUDIT_DB_PASSWORD", infra.password()));
		try {
			for (String service : services) {
				Map<String, String> all = new LinkedHashMap<>(env.get(service));
				all.putAll(extraEnv.getOrDefault(service, Map.of()));
				for (int i = 0; i < instances; i++) {
					start(service, i, all);
				}
			}
			ports.forEach((service, each) -> each.forEach(port -> awaitHealthy(service, port)));
		}
		catch (RuntimeException ex) {
			close();
			throw ex;
		}
	}

	/**
	 * A gateway test context in front of {@link #get()}'s services (started here if they
	 * are not yet): the run's database, Redis and keys, {@code operator} and
	 * {@link GatewayITSupport#SECOND_OPERATOR} as its bootstrap operator keys, and each
	 * service at its one instance.
	 */
	static void registerGatewayInFront(DynamicPropertyRegistry registry, SignedCalls.Key operator) {
		GatewayITSupport.registerGateway(registry);
		ServiceProcesses services = get();
		registry.add("numshield.gateway.bootstrap-operator-key", () -> operator.keyId() + ":" + operator.secret() + ","
				+ GatewayITSupport.SECOND_OPERATOR.keyId() + ":" + GatewayITSupport.SECOND_OPERATOR.secret());
		registry.add("numshield.gateway.services.binding", () -> services.url("binding-service"));
		registry.add("numshield.gateway.services.call-routing", () -> services.url("call-routing-service"));
		registry.add("numshield.gateway.services.compliance-audit", () -> services.url("compliance-audit-service"));
	}

	/**
	 * The JDBC URL of this run's database named with {@code suffix} ({@code _svc}:
	 * binding-service's, {@code _aud}: the audit's).
	 */
	String jdbcUrl(String suffix) {
		TestInfrastructure infra = TestInfrastructure.get();
		String tagged = "_" + databaseTag + suffix.substring(1);
		return infra.jdbcUrl().replace("/" + infra.databaseName(), "/" + infra.databaseName() + tagged);
	}

	/** The base URL of the service's first instance. */
	String url(String service) {
		return url(service, 0);
	}

	String url(String service, int index) {
		return "http://127.0.0.1:" + ports.get(service).get(index);
	}

	/**
	 * Every instance's base URL, comma-separated: what the gateway's
	 * {@code numshield.gateway.services.*} take.
	 */
	String urls(String service) {
		return String.join(",", ports.get(service).stream().map(port -> "http://127.0.0.1:" + port).toList());
	}

	/** The Redis key prefix the services of this set use. */
	String keyPrefix() {
		return keyPrefix;
	}

	/** The instance's port (what its audit consumer name ends in). */
	int port(String service, int index) {
		return ports.get(service).get(index);
	}

	/** Kills the instance at once (SIGKILL): nothing of it runs its shutdown. */
	void kill(String service, int index) {
		Process process = processes.get(service).get(index);
		process.destroyForcibly();
		try {
			process.waitFor(30, java.util.concurrent.TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private void start(String service, int index, Map<String, String> extraEnv) {
		TestInfrastructure infra = TestInfrastructure.get();
		Path jar = extractedJarOf(service);
		int port = freePort();
		Path log = logFile(service, index);
		try {
			Files.createDirectories(log.getParent());
			ProcessBuilder builder = new ProcessBuilder(
					Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xms64m", "-Xmx" + heap,
					"-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-jar", jar.toString())
				.redirectErrorStream(true)
				.redirectOutput(log.toFile());
			Map<String, String> env = builder.environment();
			env.put("SERVER_PORT", String.valueOf(port));
			env.put("NUMSHIELD_REDIS_URL", infra.redisUrl());
			env.put("NUMSHIELD_REDIS_KEY_PREFIX", keyPrefix);
			env.put("NUMSHIELD_KEYS_DIR", infra.keysDir().toString());
			env.put("NUMSHIELD_TOKEN_PUBLIC_KEYS", infra.tokenPublicKeys().toString());
			env.putAll(extraEnv);
			processes.computeIfAbsent(service, s -> new ArrayList<>()).add(builder.start());
			ports.computeIfAbsent(service, s -> new ArrayList<>()).add(port);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * Where the instance writes its console (standard output and error), under
	 * {@code e2e/target/test-logs}.
	 */
	Path logFile(String service, int index) {
		return Path.of("target", "test-logs",
				service + (databaseTag.isEmpty() ? "" : "-" + databaseTag + index) + ".log");
	}

	/**
	 * The service's runnable jar extracted into plain jars (Spring Boot's
	 * {@code -Djarmode=tools extract}), once per test JVM, under
	 * {@code e2e/target/service-apps}: the form a service starts from with less CPU than
	 * from the nested jars of its runnable jar (call-routing-service alone, C1: 10 s of
	 * CPU instead of 13; docs/testing.md, "CI time"), at a second's extraction.
	 */
	static synchronized Path extractedJarOf(String service) {
		return EXTRACTED.computeIfAbsent(service, s -> extract(jarOf(s)));
	}

	private static Path extract(Path jar) {
		String name = jar.getFileName().toString();
		Path destination = Path.of("target", "service-apps", name.substring(0, name.length() - ".jar".length()));
		try {
			Path log = Files.createDirectories(Path.of("target", "test-logs")).resolve("extract-" + name + ".log");
			Process extract = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
					"-Djarmode=tools", "-jar", jar.toString(), "extract", "--force", "--destination",
					destination.toString())
				.redirectErrorStream(true)
				.redirectOutput(log.toFile())
				.start();
			if (!extract.waitFor(2, java.util.concurrent.TimeUnit.MINUTES) || extract.exitValue() != 0) {
				extract.destroyForcibly();
				throw new IllegalStateException("could not extract " + jar + "; see " + log.toAbsolutePath());
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
		return destination.resolve(name);
	}

	static Path jarOf(String service) {
		Path target = Path.of("..", service, "target");
		try (Stream<Path> files = Files.list(target)) {
			return files.filter(p -> p.getFileName().toString().matches(service + "-[0-9].*\\.jar"))
				.findFirst()
				.orElseThrow();
		}
		catch (IOException | RuntimeException ex) {
			throw new IllegalStateException("no runnable jar of " + service + " in " + target.toAbsolutePath()
					+ ": build the reactor with ./mvnw verify (make test) so services are packaged before the e2e tests",
					ex);
		}
	}

	private static String database(TestInfrastructure infra, String suffix) {
		String name = infra.databaseName() + suffix;
		String admin = infra.jdbcUrl().replace("/" + infra.databaseName(), "/postgres");
		try (Connection c = DriverManager.getConnection(admin, infra.user(), infra.password());
				Statement s = c.createStatement()) {
			s.execute("CREATE DATABASE " + name);
		}
		catch (java.sql.SQLException ex) {
			throw new IllegalStateException("cannot create " + name, ex);
		}
		Runtime.getRuntime().addShutdownHook(new Thread(() -> {
			try (Connection c = DriverManager.getConnection(admin, infra.user(), infra.password());
					Statement s = c.createStatement()) {
				s.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
			}
			catch (java.sql.SQLException ignored) {
				// named after its run: harmless if left
			}
		}));
		return infra.jdbcUrl().replace("/" + infra.databaseName(), "/" + name);
	}

	static void awaitHealthy(String service, int port) {
		HttpClient http = HttpClient.newHttpClient();
		long deadline = System.nanoTime() + Duration.ofSeconds(300).toNanos();
		while (System.nanoTime() < deadline) {
			try {
				HttpResponse<String> health = http.send(
						HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/health")).build(),
						HttpResponse.BodyHandlers.ofString());
				if (health.statusCode() == 200 && health.body().contains("\"UP\"")) {
					return;
				}
			}
			catch (IOException ex) {
				// not listening yet
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException(ex);
			}
			try {
				Thread.sleep(500);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException(ex);
			}
		}
		throw new IllegalStateException(
				service + " did not become healthy; see e2e/target/test-logs/" + service + ".log");
	}

	static int freePort() {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** Stops every instance of the set (SIGTERM, then SIGKILL after 10 s). */
	@Override
	public void close() {
		List<Process> all = processes.values().stream().flatMap(List::stream).toList();
		all.forEach(Process::destroy);
		for (Process p : all) {
			try {
				if (!p.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
					p.destroyForcibly();
				}
			}
			catch (InterruptedException ex) {
				p.destroyForcibly();
			}
		}
	}

}
