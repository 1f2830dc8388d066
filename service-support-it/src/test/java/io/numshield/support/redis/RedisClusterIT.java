package io.numshield.support.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.numshield.core.redis.LeaseScript;
import io.numshield.core.redis.ScriptConnection;
import io.numshield.core.number.VirtualShard;
import io.numshield.support.redis.RedisProperties.Tls;
import io.numshield.testsupport.RedisClusterProcess;
import io.numshield.testsupport.RedisServerProcess;

import java.io.IOException;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.redisson.Redisson;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.StringCodec;

/**
 * The services' two Redis clients on a Redis Cluster of the test's own (3 masters, 3
 * replicas): the shards spread over every master, each master runs the scripts (loaded
 * there on their first call), and after a master is killed its replica takes over and
 * both clients find it: the scripts run on the promoted node (which never loaded them)
 * and Redisson reads and writes the shard again.
 */
class RedisClusterIT {

	private static RedisClusterProcess cluster;

	private static ScriptConnection connection;

	private static RedissonClient redisson;

	private static LeaseScripts scripts;

	@BeforeAll
	static void start() throws IOException {
		assumeTrue(RedisClusterProcess.installed(), "redis-server and redis-cli are not installed");
		cluster = RedisClusterProcess.start(3, 1, Duration.ofSeconds(1), List.of());
		RedisProperties properties = new RedisProperties(cluster.url(), null, null, new Tls(null, true), "rc:", 4,
				Duration.ofSeconds(2), 0);
		connection = RedisConfiguration.openScriptConnection(properties);
		redisson = Redisson.create(RedisConfiguration.config(properties));
		scripts = new LeaseScripts(connection);
	}

	@AfterAll
	static void stop() {
		if (redisson != null) {
			redisson.shutdown();
		}
		if (connection != null) {
			connection.close();
		}
		if (cluster != null) {
			cluster.close();
		}
	}

	@Test
	void theShardsSpreadOverEveryMasterAndEachRunsTheScriptsAndAfterAFailoverThePromotedReplicaDoesToo()
			throws IOException {
		Set<Integer> masters = new HashSet<>();
		for (int shard = 0; shard < VirtualShard.COUNT; shard++) {
			String base = base(shard);
			assertThat(scripts.run(LeaseScript.INIT_BLOCK, base, "700000000" + String.format("%02d", shard), "pool",
					"10", "5", "0"))
				.isEqualTo("NEW");
			masters.add(cluster.masterOf(base).port());
		}
		assertThat(masters).hasSize(3);
		for (int port : masters) {
			assertThat(cluster.cli(port, "SCRIPT", "EXISTS", ScriptConnection.sha1(LeaseScript.INIT_BLOCK.source()))
				.strip()).isEqualTo("1");
		}

		cluster.awaitReplicated();
		RedisServerProcess dead = cluster.masterOf(base(0));
		dead.kill();
		cluster.awaitHealthy();
		RedisServerProcess promoted = cluster.masterOf(base(0));
		assertThat(promoted.port()).isNotEqualTo(dead.port());

		// a call may still go to the dead node (and time out) until the client has read
		// the new slot map
		assertThat(
				firstAnswer(() -> scripts.run(LeaseScript.INIT_BLOCK, base(0), "70000000000", "pool", "10", "5", "0")))
			.isEqualTo("KNOWN");
		assertThat(
				cluster.cli(promoted.port(), "SCRIPT", "EXISTS", ScriptConnection.sha1(LeaseScript.INIT_BLOCK.source()))
					.strip())
			.isEqualTo("1");
		redisson.getMap(base(0) + "p", StringCodec.INSTANCE).put("plat-cluster", "ACTIVE");
		assertThat(redisson.getMap(base(0) + "p", StringCodec.INSTANCE).get("plat-cluster")).isEqualTo("ACTIVE");
		assertThat(redisson.getKeys().getKeysByPattern("rc:*")).hasSizeGreaterThanOrEqualTo(VirtualShard.COUNT);
	}

	/** The first answer of up to ten tries; the last failure if none answered. */
	static <T> T firstAnswer(java.util.function.Supplier<T> call) {
		RuntimeException last = null;
		for (int i = 0; i < 10; i++) {
			try {
				return call.get();
			}
			catch (RuntimeException ex) {
				last = ex;
			}
		}
		throw last;
	}

	private static String base(int shard) {
		return "rc:{" + String.format("%02d", shard) + "}:";
	}

}
