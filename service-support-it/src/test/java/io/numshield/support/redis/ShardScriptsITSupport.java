package io.numshield.support.redis;

import io.numshield.core.redis.ScriptConnection;
import io.numshield.testsupport.TestInfrastructure;

import java.time.Duration;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.StringCodec;

/**
 * Scripts on the real Redis of the test run: every test has a shard base of its own under
 * the run's key prefix (short, as make bench's {@code ns:} is, since key names count in
 * memory figures), where {@link #platform()} is ACTIVE, and deletes it afterwards.
 */
abstract class ShardScriptsITSupport {

	static RedissonClient redisson;

	private static ScriptConnection scriptConnection;

	static LeaseScripts scripts;

	String base;

	/** The platform that the shard's mirror knows as ACTIVE. */
	abstract String platform();

	@BeforeAll
	static void connect() {
		redisson = TestInfrastructure.get().redisson();
		scriptConnection = RedisConfiguration
			.openScriptConnection(new RedisProperties(TestInfrastructure.get().redisUrl(), null, null,
					new RedisProperties.Tls(null, true), "", 8, Duration.ofSeconds(3), 0));
		scripts = new LeaseScripts(scriptConnection);
	}

	@AfterAll
	static void disconnect() {
		scriptConnection.close();
		redisson.shutdown();
	}

	@BeforeEach
	void shard() {
		base = TestInfrastructure.get().keyPrefix() + "s" + UUID.randomUUID().toString().substring(0, 8) + ":{00}:";
		redisson.getMap(base + "p", StringCodec.INSTANCE).put(platform(), "ACTIVE");
	}

	@AfterEach
	void forget() {
		redisson.getKeys().deleteByPattern(base.replace("{", "\\{").replace("}", "\\}") + "*");
	}

}
