package io.numshield.gateway;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A real Prometheus (Debian's {@code /usr/bin/prometheus}) on a free port, with a
 * configuration of its own that scrapes the given services' {@code /actuator/prometheus}
 * every second and a storage directory of its own under {@code target/}, both removed on
 * {@link #close()}. When the binary is missing, {@code scripts/install-test-tools.sh}
 * installs it (as root), as {@code make test} does; if it is still missing the test
 * fails, it never skips.
 */
final class PrometheusProcess implements AutoCloseable {

	static final Path BINARY = Path.of("/usr/bin/prometheus");

	private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

	private final Process process;

	private final int port;

	private final Path dir;

	private PrometheusProcess(Process process, int port, Path dir) {
		this.process = process;
		this.port = port;
		this.dir = dir;
	}

	/**
	 * Started and ready, scraping {@code targets} ({@code host:port} of services that
	 * serve {@code /actuator/prometheus}).
	 */
	static PrometheusProcess start(List<String> targets) {
		installIfMissing();
		int port = ServiceProcesses.freePort();
		try {
			Path dir = Files.createTempDirectory(Files.createDirectories(Path.of("target")).toAbsolutePath(),
					"prometheus-");
			Path config = dir.resolve("prometheus.yml");
			Files.writeString(config, """
					global:
					  scrape_interval: 1s
					  scrape_timeout: 1s
					  evaluation_interval: 1s
					scrape_configs:
					  - job_name: numshield
					    metrics_path: /actuator/prometheus
					    static_configs:
					      - targets: [%s]
					""".formatted(targets.stream().map(t -> "'" + t + "'").collect(Collectors.joining(", "))));
			Path log = Path.of("target", "test-logs", "prometheus.log");
			Files.createDirectories(log.getParent());
			Process process = new ProcessBuilder(BINARY.toString(), "--config.file=" + config,
					"--storage.tsdb.path=" + dir.resolve("data"), "--web.listen-address=127.0.0.1:" + port,
					"--log.level=warn")
				.redirectErrorStream(true)
				.redirectOutput(log.toFile())
				.start();
			PrometheusProcess prometheus = new PrometheusProcess(process, port, dir);
			await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).until(() -> {
				if (!process.isAlive()) {
					throw new IllegalStateException("prometheus exited; see " + log.toAbsolutePath());
				}
				return prometheus.status("/-/ready") == 200;
			});
			return prometheus;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static void installIfMissing() {
		if (Files.isExecutable(BINARY)) {
			return;
		}
		try {
			Process install = new ProcessBuilder(Path.of("..", "scripts", "install-test-tools.sh").toString())
				.inheritIO()
				.start();
			install.waitFor();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		if (!Files.isExecutable(BINARY)) {
			throw new IllegalStateException(BINARY + " is missing and scripts/install-test-tools.sh could not "
					+ "install it: apt-get install -y prometheus (as root), then run the test again");
		}
	}

	/** The base URL of its HTTP API, what the console's prometheus-url takes. */
	String url() {
		return "http://127.0.0.1:" + port;
	}

	/** The raw answer of an instant query of its HTTP API. */
	String query(String promql) {
		return get("/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8)).body();
	}

	private int status(String path) {
		try {
			return get(path).statusCode();
		}
		catch (UncheckedIOException ex) {
			return -1;
		}
	}

	private HttpResponse<String> get(String path) {
		try {
			return HTTP.send(HttpRequest.newBuilder(URI.create(url() + path)).timeout(Duration.ofSeconds(5)).build(),
					HttpResponse.BodyHandlers.ofString());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	@Override
	public void close() {
		process.destroy();
		try {
			if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
				process.destroyForcibly();
			}
		}
		catch (InterruptedException ex) {
			process.destroyForcibly();
			Thread.currentThread().interrupt();
		}
		try (Stream<Path> files = Files.walk(dir)) {
			files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
		}
		catch (IOException ex) {
			// a temporary directory under target/: mvn clean takes what is left
		}
	}

}
