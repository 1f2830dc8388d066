package io.numshield.support.web;

import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisCommandInterruptedException;
import io.lettuce.core.RedisCommandTimeoutException;
import io.lettuce.core.RedisConnectionException;
import io.numshield.core.redis.NotReplicatedException;

import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * Whether a failure means that a store (Redis or PostgreSQL) did not answer in time,
 * rather than a fault in our code: a Redis master dying and its replica taking over
 * (seconds), a restart, a change not yet on a replica when the durability setting asks
 * for one, a database that is away. Such a request is answered 503
 * {@code STORE_UNAVAILABLE} with {@code Retry-After}, so that a platform or a carrier
 * tries again, instead of 500 {@code INTERNAL_ERROR}, which says "our bug". Errors that
 * Redis answers about the command itself (a script error, a wrong type) are not this:
 * they stay 500.
 */
public final class StoreUnavailable {

	/**
	 * When to try again: a failover takes a few seconds, a retry each second finds its
	 * end.
	 */
	public static final Duration RETRY_AFTER = Duration.ofSeconds(1);

	public static final String CODE = "STORE_UNAVAILABLE";

	public static final String DETAIL = "a data store did not answer in time (a failover or restart); the change may or may "
			+ "not have been made: try again after Retry-After, with the same Idempotency-Key for a bind";

	/** Lettuce and Redisson errors of the connection, not of the command. */
	private static final List<Class<? extends Throwable>> UNAVAILABLE = List.of(RedisCommandTimeoutException.class,
			RedisConnectionException.class, RedisCommandInterruptedException.class, NotReplicatedException.class,
			org.redisson.client.RedisTimeoutException.class, org.redisson.client.RedisConnectionException.class,
			org.redisson.client.RedisNodeNotFoundException.class, org.redisson.client.RedisClusterDownException.class,
			org.redisson.client.RedisLoadingException.class, org.redisson.client.RedisMasterDownException.class,
			org.redisson.client.RedisNoReplicasException.class, org.redisson.client.RedisReadonlyException.class,
			org.redisson.client.RedisTryAgainException.class, org.redisson.client.RedisBusyException.class,
			org.redisson.client.RedisReconnectedException.class, SQLTransientConnectionException.class);

	/**
	 * Redis's own error prefixes for a node that cannot serve now (Lettuce passes them as
	 * the message).
	 */
	private static final List<String> REDIS_PREFIXES = List.of("CLUSTERDOWN", "TRYAGAIN", "MASTERDOWN", "LOADING",
			"READONLY", "NOREPLICAS", "BUSY ");

	/**
	 * Spring's database failures, named: service-support does not depend on Spring's
	 * transaction module.
	 */
	private static final Set<String> DATABASE_UNAVAILABLE = Set.of(
			"org.springframework.dao.DataAccessResourceFailureException",
			"org.springframework.transaction.CannotCreateTransactionException");

	private StoreUnavailable() {
	}

	/** Whether {@code failure}, or one of its causes, says a store did not answer. */
	public static boolean matches(Throwable failure) {
		return storeFailureIn(failure) != null;
	}

	/**
	 * One line for the log: the store's failure and its message, without the stack (it is
	 * not our fault).
	 */
	public static String describe(Throwable failure) {
		Throwable cause = storeFailureIn(failure);
		Throwable shown = cause != null ? cause : failure;
		return shown.getClass().getSimpleName() + ": " + shown.getMessage();
	}

	private static Throwable storeFailureIn(Throwable failure) {
		Throwable cause = failure;
		for (int depth = 0; cause != null && depth < 12; depth++, cause = cause.getCause()) {
			if (isStoreFailure(cause)) {
				return cause;
			}
		}
		return null;
	}

	private static boolean isStoreFailure(Throwable failure) {
		if (UNAVAILABLE.stream().anyMatch(type -> type.isInstance(failure))) {
			return true;
		}
		if (failure instanceof RedisCommandExecutionException && failure.getMessage() != null
				&& REDIS_PREFIXES.stream().anyMatch(failure.getMessage()::startsWith)) {
			return true;
		}
		for (Class<?> type = failure.getClass(); type != null; type = type.getSuperclass()) {
			if (DATABASE_UNAVAILABLE.contains(type.getName())) {
				return true;
			}
		}
		return false;
	}

}
