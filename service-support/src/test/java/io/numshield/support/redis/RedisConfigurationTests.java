package io.numshield.support.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.numshield.support.redis.RedisProperties.Tls;

import java.time.Duration;

import org.junit.jupiter.api.Test;

/**
 * The Redisson client's event loops: Redisson's own 32 unless set (the audit service
 * stalled with 2), the number set otherwise (call-routing sets 2: a quarter more routes
 * on two cores).
 */
class RedisConfigurationTests {

	@Test
	void unsetEventLoopThreadsKeepRedissonsDefault() {
		assertThat(RedisConfiguration.config(properties(0)).getNettyThreads()).isEqualTo(32);
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
