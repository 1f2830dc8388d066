package io.numshield.support.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.numshield.core.redis.LeaseScript;
import io.numshield.core.redis.ScriptConnection;
import io.numshield.support.redis.RedisProperties.Tls;
import io.numshield.testsupport.RedisServerProcess;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * After Redis forgot its scripts (a restart, {@code SCRIPT FLUSH}), {@link LeaseScripts}
 * loads them again on the {@code NOSCRIPT} answer, in the waiting and in the asynchronous
 * variant alike; against a {@code redis-server} of the test's own, whose scripts it may
 * flush.
 */
class LeaseScriptsReloadIT {

	@TempDir
	Path dir;

	@Test
	void answersAgainAfterRedisForgotItsScripts() throws IOException {
		assumeTrue(RedisServerProcess.installed(), "redis-server is not installed");
		try (RedisServerProcess server = RedisServerProcess.start(dir, false, List.of());
				ScriptConnection connection = RedisConfiguration
					.openScriptConnection(new RedisProperties("redis://127.0.0.1:" + server.port(), null, null,
							new Tls(null, true), "rl:", 2, Duration.ofSeconds(2), 0))) {
			LeaseScripts scripts = new LeaseScripts(connection);
			String base = "rl:{00}:";
			assertThat(scripts.run(LeaseScript.INIT_BLOCK, base, "70000001", "pool", "10", "5", "0")).isEqualTo("NEW");

			flushScripts(server);
			assertThat(scripts.run(LeaseScript.INIT_BLOCK, base, "70000001", "pool", "10", "5", "0"))
				.isEqualTo("KNOWN");

			flushScripts(server);
			assertThat(scripts.runAsync(LeaseScript.INIT_BLOCK, base, "70000002", "pool", "10", "5", "0")
				.toCompletableFuture()
				.join()).isEqualTo("NEW");
			assertThat(scripts.answer(LeaseScript.BACKLOG, base, "audit")).containsEntry("backlog", 0);
		}
	}

	private static void flushScripts(RedisServerProcess server) {
		RedisClient client = RedisClient.create("redis://127.0.0.1:" + server.port());
		try (StatefulRedisConnection<String, String> admin = client.connect()) {
			assertThat(admin.sync().scriptFlush()).isEqualTo("OK");
		}
		finally {
			client.shutdown();
		}
	}

}
