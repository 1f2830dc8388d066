package io.numshield.support.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.numshield.core.redis.ScriptConnection;
import io.numshield.support.redis.RedisProperties.Tls;
import io.numshield.testsupport.RedisServerProcess;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.lettuce.core.ScriptOutputType;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.redisson.Redisson;
import org.redisson.api.RedissonClient;
import org.redisson.config.Config;

/**
 * The Redisson client that {@link RedisConfiguration} builds, and the scripts'
 * {@link ScriptConnection}, log in with an ACL user or a {@code requirepass} password,
 * from the settings or from the URL, and verifies a TLS server's certificate; each
 * against a {@code redis-server} of the test's own ({@link RedisServerProcess}).
 */
class RedisCredentialsIT {

	private static final String USER = "numshield";

	private static final String SECRET = "s3cret-for-the-acl-user";

	@TempDir
	Path dir;

	@Test
	void logsInAsAnAclUserAndIsRefusedWithAWrongPasswordOrNone() throws IOException {
		assumeTrue(RedisServerProcess.installed(), "redis-server is not installed");
		try (RedisServerProcess server = RedisServerProcess.start(dir, false,
				List.of("user default off", "user " + USER + " on >" + SECRET + " ~* &* +@all"))) {
			String address = "redis://127.0.0.1:" + server.port();
			assertWorks(properties(address, USER, SECRET, null, true));
			assertWorks(properties("redis://" + USER + ":" + SECRET + "@127.0.0.1:" + server.port(), null, null, null,
					true));
			// a setting wins over the URL's credentials
			assertWorks(properties("redis://" + USER + ":wrong@127.0.0.1:" + server.port(), null, SECRET, null, true));

			assertRefused(properties(address, USER, "wrong-password", null, true), "wrong-password");
			assertRefused(properties(address, null, null, null, true), SECRET);
			assertRefused(
					properties("redis://" + USER + ":wrong-in-url@127.0.0.1:" + server.port(), null, null, null, true),
					"wrong-in-url");
		}
	}

	@Test
	void logsInWithRequirepass() throws IOException {
		assumeTrue(RedisServerProcess.installed(), "redis-server is not installed");
		try (RedisServerProcess server = RedisServerProcess.start(dir, false, List.of("requirepass " + SECRET))) {
			assertWorks(properties("redis://127.0.0.1:" + server.port(), null, SECRET, null, true));
			assertWorks(properties("redis://:" + SECRET + "@127.0.0.1:" + server.port(), null, null, null, true));
			assertRefused(properties("redis://127.0.0.1:" + server.port(), null, null, null, true), SECRET);
		}
	}

	@Test
	void speaksTlsAndTrustsOnlyTheConfiguredCaAndName() throws Exception {
		assumeTrue(RedisServerProcess.tlsAvailable(), "redis-server without TLS, or no openssl");
		openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "ca.key", "-out", "ca.crt", "-days", "2",
				"-subj", "/CN=numshield-test-ca");
		certificate("right", "subjectAltName=IP:127.0.0.1");
		certificate("other", "subjectAltName=DNS:redis.invalid");
		Path ca = dir.resolve("ca.crt");
		try (RedisServerProcess right = tlsServer("right"); RedisServerProcess other = tlsServer("other")) {
			String rightAddress = "rediss://127.0.0.1:" + right.port();
			assertWorks(properties(rightAddress, USER, SECRET, ca, true));
			// the JDK's trust store does not know the test CA
			assertRefused(properties(rightAddress, USER, SECRET, null, true), SECRET);
			// plain text to a TLS port gets nowhere
			assertRefused(properties("redis://127.0.0.1:" + right.port(), USER, SECRET, null, true), SECRET);

			String otherAddress = "rediss://127.0.0.1:" + other.port();
			assertRefused(properties(otherAddress, USER, SECRET, ca, true), SECRET);
			assertWorks(properties(otherAddress, USER, SECRET, ca, false));
		}
	}

	private RedisServerProcess tlsServer(String name) throws IOException {
		return RedisServerProcess.start(dir, true,
				List.of("tls-cert-file " + dir.resolve(name + ".crt"), "tls-key-file " + dir.resolve(name + ".key"),
						"tls-ca-cert-file " + dir.resolve("ca.crt"), "tls-auth-clients no", "user default off",
						"user " + USER + " on >" + SECRET + " ~* &* +@all"));
	}

	private void certificate(String name, String extension) throws Exception {
		openssl("req", "-newkey", "rsa:2048", "-nodes", "-keyout", name + ".key", "-out", name + ".csr", "-subj",
				"/CN=" + name);
		Files.writeString(dir.resolve(name + ".ext"), extension + "\n");
		openssl("x509", "-req", "-in", name + ".csr", "-CA", "ca.crt", "-CAkey", "ca.key", "-CAcreateserial", "-out",
				name + ".crt", "-days", "2", "-extfile", name + ".ext");
	}

	private void openssl(String... args) throws Exception {
		List<String> command = new java.util.ArrayList<>(List.of("openssl"));
		command.addAll(List.of(args));
		Process p = new ProcessBuilder(command).directory(dir.toFile())
			.redirectErrorStream(true)
			.redirectOutput(ProcessBuilder.Redirect.DISCARD)
			.start();
		assertThat(p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0).as("openssl " + String.join(" ", args))
			.isTrue();
	}

	private static RedisProperties properties(String url, String username, String password, Path caFile,
			boolean verifyHostname) {
		return new RedisProperties(url, username, password, new Tls(caFile, verifyHostname), "rt:", 2,
				Duration.ofSeconds(2), 2);
	}

	private static void assertWorks(RedisProperties properties) {
		RedissonClient client = Redisson.create(RedisConfiguration.config(properties));
		try {
			client.getBucket("rt:probe").set("ok");
			assertThat(client.<String>getBucket("rt:probe").get()).isEqualTo("ok");
		}
		finally {
			client.shutdown();
		}
		try (ScriptConnection scripts = RedisConfiguration.openScriptConnection(properties)) {
			assertThat(scripts.ping().toCompletableFuture().join()).isEqualTo("PONG");
			assertThat(scripts.scripting()
				.<String>eval("return redis.call('GET', KEYS[1])", ScriptOutputType.VALUE, new String[] { "rt:probe" })
				.toCompletableFuture()
				.join()).isEqualTo("ok");
		}
	}

	private static void assertRefused(RedisProperties properties, String secretNotToShow) {
		assertThatThrownBy(() -> {
			Config config = RedisConfiguration.config(properties);
			// refused either way: the service's three retries, 1.5 s apart, only make the
			// test wait
			config.useSingleServer().setRetryAttempts(0);
			RedissonClient client = Redisson.create(config);
			try {
				client.getBucket("rt:probe").set("not allowed");
			}
			finally {
				client.shutdown();
			}
		}).satisfies(ex -> assertThat(stackTrace(ex)).doesNotContain(secretNotToShow));
		assertThatThrownBy(() -> {
			try (ScriptConnection scripts = RedisConfiguration.openScriptConnection(properties)) {
				scripts.ping().toCompletableFuture().join();
			}
		}).satisfies(ex -> assertThat(stackTrace(ex)).doesNotContain(secretNotToShow));
	}

	private static String stackTrace(Throwable ex) {
		StringWriter out = new StringWriter();
		ex.printStackTrace(new PrintWriter(out));
		return out.toString();
	}

}
