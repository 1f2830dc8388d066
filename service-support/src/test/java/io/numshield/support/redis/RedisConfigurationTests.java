package io.numshield.support.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.numshield.support.redis.RedisProperties.Tls;

import java.time.Duration;

import org.junit.jupiter.api.Test;

/**
 * The Redisson client's event loops: one per core and at least two unless set, because Redisson's own
 * default of 32 measured a quarter fewer routes on two cores (docs/benchmarks.md, "make bench").
 */
class RedisConfigurationTests {

	@Test
	void unsetEventLoopThreadsAreOnePerCoreAndAtLeastTwo() {
		int expected = Math.max(2, Runtime.getRuntime().availableProcessors());
		assertThat(RedisConfiguration.config(properties(0)).getNettyThreads()).isEqualTo(expected);
	}

	@Test
	void aSetNumberOfEventLoopThreadsIsTaken() {
		assertThat(RedisConfiguration.config(properties(5)).getNettyThreads()).isEqualTo(5);
	}

	private static RedisProperties properties(int nettyThreads) {
		return new RedisProperties("redis://127.0.0.1:6379", null, null, new Tls(null, true), "rt:", 8,
				Duration.ofSeconds(2), nettyThreads);
	}
}
