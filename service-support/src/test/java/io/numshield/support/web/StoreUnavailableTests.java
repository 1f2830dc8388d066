package io.numshield.support.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisCommandTimeoutException;
import io.lettuce.core.RedisConnectionException;
import io.numshield.core.redis.NotReplicatedException;

import java.sql.SQLTransientConnectionException;
import java.util.concurrent.CompletionException;

import org.junit.jupiter.api.Test;

class StoreUnavailableTests {

	@Test
	void aStoreThatDidNotAnswerIsUnavailableHoweverDeepTheCause() {
		assertThat(StoreUnavailable.matches(new RedisCommandTimeoutException("Command timed out after 1 second(s)")))
			.isTrue();
		assertThat(StoreUnavailable.matches(new CompletionException(new RedisConnectionException("refused")))).isTrue();
		assertThat(StoreUnavailable
			.matches(new IllegalStateException("wrapped", new CompletionException(new NotReplicatedException(1, 0)))))
			.isTrue();
		assertThat(StoreUnavailable.matches(new org.redisson.client.RedisTimeoutException("no answer"))).isTrue();
		assertThat(StoreUnavailable.matches(new RedisCommandExecutionException("CLUSTERDOWN The cluster is down")))
			.isTrue();
		assertThat(StoreUnavailable
			.matches(new RedisCommandExecutionException("TRYAGAIN Multiple keys request during rehashing"))).isTrue();
		assertThat(
				StoreUnavailable.matches(new RuntimeException(new SQLTransientConnectionException("pool timed out"))))
			.isTrue();
	}

	@Test
	void aCommandThatRedisRefusedOrOurOwnFaultIsNot() {
		assertThat(StoreUnavailable
			.matches(new RedisCommandExecutionException("ERR user_script:12: attempt to compare nil with number")))
			.isFalse();
		assertThat(StoreUnavailable.matches(new RedisCommandExecutionException("WRONGTYPE Operation against a key")))
			.isFalse();
		assertThat(StoreUnavailable.matches(new org.redisson.client.RedisException("ERR Error running script")))
			.isFalse();
		assertThat(StoreUnavailable.matches(new NullPointerException())).isFalse();
		assertThat(StoreUnavailable.matches(new CompletionException(new IllegalArgumentException("bad")))).isFalse();
	}

	@Test
	void describesTheStoresFailureNotItsWrapper() {
		assertThat(StoreUnavailable.describe(new CompletionException(new RedisCommandTimeoutException("timed out"))))
			.isEqualTo("RedisCommandTimeoutException: timed out");
	}

}
