package io.numshield.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import org.junit.jupiter.api.Test;
import org.redisson.api.RBucket;
import org.redisson.api.RedissonClient;

/**
 * The harness reaches the servers it was given: {@code make test} passes the address, the
 * admin role and its password of the PostgreSQL it chose
 * ({@code NUMSHIELD_TEST_POSTGRES_URL}, {@code _USER}, {@code _PASSWORD}) and the Redis
 * ({@code NUMSHIELD_TEST_REDIS_URL}), and {@code scripts/fresh-machine-check.sh} runs
 * this test against a cluster of its own that asks for a scram password.
 */
class TestInfrastructureIT {

	private final TestInfrastructure infra = TestInfrastructure.get();

	@Test
	void theRunsDatabaseIsOnTheServerItWasGiven() throws SQLException {
		try (Connection c = infra.connect();
				Statement s = c.createStatement();
				ResultSet rs = s.executeQuery("SELECT current_database(), inet_server_port()")) {
			assertThat(rs.next()).isTrue();
			assertThat(rs.getString(1)).isEqualTo(infra.databaseName());
			String given = System.getenv("NUMSHIELD_TEST_POSTGRES_URL");
			if (given != null && System.getenv("NUMSHIELD_TEST_REDIS_URL") != null) {
				assertThat(infra.source()).startsWith("environment");
				int port = URI.create(given.substring("jdbc:".length())).getPort();
				assertThat(rs.getInt(2)).isEqualTo(port == -1 ? 5432 : port);
			}
		}
	}

	@Test
	void theRunsRedisKeepsWhatItIsGiven() {
		RedissonClient redisson = infra.redisson();
		try {
			RBucket<String> probe = redisson.getBucket(infra.keyPrefix() + "harness-probe");
			probe.set("answered");
			assertThat(probe.get()).isEqualTo("answered");
			probe.delete();
		}
		finally {
			redisson.shutdown();
		}
	}

}
