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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * binding-service, call-routing-service and compliance-audit-service started from their runnable
 * jars as child processes on free ports, against the test run's Redis prefix, keys and token
 * secret and their own fresh databases: the gateway in front of the real services, with no service
 * class on the gateway's classpath. Started once per JVM, stopped when it exits.
 */
final class ServiceProcesses {

	private static ServiceProcesses instance;

	private final Map<String, Integer> ports = new LinkedHashMap<>();

	private final List<Process> processes = new ArrayList<>();

	static synchronized ServiceProcesses get() {
		if (instance == null) {
			instance = new ServiceProcesses();
		}
		return instance;
	}

	private ServiceProcesses() {
		TestInfrastructure infra = TestInfrastructure.get();
		String bindingDb = database(infra, "_svc");
		String auditDb = database(infra, "_aud");
		Runtime.getRuntime().addShutdownHook(new Thread(this::stop, "stop-service-processes"));
		start("binding-service", Map.of("NUMSHIELD_DB_URL", bindingDb, "NUMSHIELD_DB_USER", infra.user(),
				"NUMSHIELD_DB_PASSWORD", infra.password()));
		start("call-routing-service", Map.of());
		start("compliance-audit-service", Map.of("NUMSHIELD_AUDIT_DB_URL", auditDb, "NUMSHIELD_AUDIT_DB_USER", infra.user(),
				"NUMSHIELD_AUDIT_DB_PASSWORD", infra.password()));
		ports.forEach(ServiceProcesses::awaitHealthy);
	}

	/** The JDBC URL of this run's database named with {@code suffix} ({@code _svc}: binding-service's, {@code _aud}: the audit's). */
	String jdbcUrl(String suffix) {
		TestInfrastructure infra = TestInfrastructure.get();
		return infra.jdbcUrl().replace("/" + infra.databaseName(), "/" + infra.databaseName() + suffix);
	}

	String url(String service) {
		return "http://127.0.0.1:" + ports.get(service);
	}

	private void start(String service, Map<String, String> extraEnv) {
		TestInfrastructure infra = TestInfrastructure.get();
		Path jar = jarOf(service);
		int port = freePort();
		Path log = Path.of("target", "test-logs", service + ".log");
		try {
			Files.createDirectories(log.getParent());
			ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
					"-Xms64m", "-Xmx384m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-jar", jar.toString())
				.redirectErrorStream(true)
				.redirectOutput(log.toFile());
			Map<String, String> env = builder.environment();
			env.put("SERVER_PORT", String.valueOf(port));
			env.put("NUMSHIELD_REDIS_URL", infra.redisUrl());
			env.put("NUMSHIELD_REDIS_KEY_PREFIX", infra.keyPrefix());
			env.put("NUMSHIELD_KEYS_DIR", infra.keysDir().toString());
			env.put("NUMSHIELD_TOKEN_PUBLIC_KEYS", infra.tokenPublicKeys().toString());
			env.putAll(extraEnv);
			processes.add(builder.start());
			ports.put(service, port);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static Path jarOf(String service) {
		Path target = Path.of("..", service, "target");
		try (Stream<Path> files = Files.list(target)) {
			return files.filter(p -> p.getFileName().toString().matches(service + "-[0-9].*\\.jar"))
				.findFirst()
				.orElseThrow();
		}
		catch (IOException | RuntimeException ex) {
			throw new IllegalStateException("no runnable jar of " + service + " in " + target.toAbsolutePath()
					+ ": build the reactor with ./mvnw verify (make test) so services are packaged before the gateway's tests", ex);
		}
	}

	private static String database(TestInfrastructure infra, String suffix) {
		String name = infra.databaseName() + suffix;
		String admin = infra.jdbcUrl().replace("/" + infra.databaseName(), "/postgres");
		try (Connection c = DriverManager.getConnection(admin, infra.user(), infra.password()); Statement s = c.createStatement()) {
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

	private static void awaitHealthy(String service, int port) {
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
		throw new IllegalStateException(service + " did not become healthy; see gateway/target/test-logs/" + service + ".log");
	}

	private static int freePort() {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private void stop() {
		processes.forEach(Process::destroy);
		for (Process p : processes) {
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
