package io.numshield.gateway;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * The console started from its runnable jar ({@code ../console/target}), as
 * {@code make run} starts it, in front of a gateway: on a free port, with a sample
 * spacing of zero so that every read of the pools page is a point of the chart.
 */
final class ConsoleProcess implements AutoCloseable {

	private final Process process;

	private final int port;

	private ConsoleProcess(Process process, int port) {
		this.process = process;
		this.port = port;
	}

	static ConsoleProcess start(String gatewayUrl) {
		return start(gatewayUrl, Map.of());
	}

	/** With more of the console's settings in its environment. */
	static ConsoleProcess start(String gatewayUrl, Map<String, String> extraEnv) {
		Path jar = ServiceProcesses.jarOf("console");
		int port = ServiceProcesses.freePort();
		Path log = Path.of("target", "test-logs", "console.log");
		try {
			Files.createDirectories(log.getParent());
			ProcessBuilder builder = new ProcessBuilder(
					Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xms64m", "-Xmx256m",
					"-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-jar", jar.toString())
				.redirectErrorStream(true)
				.redirectOutput(log.toFile());
			builder.environment().put("NUMSHIELD_CONSOLE_PORT", String.valueOf(port));
			builder.environment().put("NUMSHIELD_GATEWAY_URL", gatewayUrl);
			builder.environment().put("NUMSHIELD_CONSOLE_SAMPLE_SPACING", "0s");
			builder.environment().putAll(extraEnv);
			ConsoleProcess console = new ConsoleProcess(builder.start(), port);
			ServiceProcesses.awaitHealthy("console", port);
			return console;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	String url(String path) {
		return "http://127.0.0.1:" + port + path;
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
	}

}
