package io.numshield.audit.replica;

import com.zaxxer.hikari.HikariDataSource;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Function;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.jdbc.autoconfigure.DataSourceProperties;
import org.springframework.core.NestedRuntimeException;
import org.springframework.dao.DataAccessException;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.transaction.TransactionException;

/**
 * Chooses the server each regulator's read goes to. With a replica configured
 * ({@link ReplicaProperties}), every read first measures how far behind the primary it
 * is: the primary's flushed WAL position, then whether the replica has applied it (then
 * its data is as of the question), and if not, the commit time of the last transaction it
 * applied, both against the primary's clock. Within {@code max-lag}, the read goes to the
 * replica; further behind, not a standby, or unreachable (then not tried again for
 * {@code retry-interval}), to the primary; a read that fails on the replica before it
 * {@link Source#settle() settled} is run again on the primary. So a regulator always gets
 * an answer no more than {@code max-lag} stale, and is told how stale
 * ({@link Freshness}). Writes never come here: ACCESS entries, ingestion and checkpoints
 * use the service's own pool.
 */
@Component
public class Reads implements DisposableBean {

	private static final Logger log = LoggerFactory.getLogger(Reads.class);

	/**
	 * What the last choice was and why: for health, the staleness gauge, and a log line
	 * when it changes.
	 */
	public record Choice(Freshness.Server server, String reason, Duration staleness, String problem) {
	}

	/** An answer and how fresh its data is. */
	public record Served<T>(T value, Freshness freshness) {
	}

	/** The primary's flushed WAL position, and its clock then. */
	private record Position(String lsn, Instant at) {
	}

	/** How far behind the replica is, measured against the primary's clock. */
	private record Lag(boolean standby, Instant asOf, Duration staleness) {
	}

	private static final Choice NO_REPLICA = new Choice(Freshness.Server.PRIMARY, "no-replica", null, null);

	private final JdbcTemplate primary;

	private final HikariDataSource replicaPool;

	private final JdbcTemplate replica;

	private final ReplicaProperties properties;

	private final Clock clock;

	private final MeterRegistry meters;

	private volatile Instant retryAt = Instant.MIN;

	/** Why the replica rests until {@link #retryAt}: the failure that made it. */
	private volatile Choice resting = NO_REPLICA;

	private volatile Choice last;

	Reads(JdbcTemplate primary, DataSourceProperties database, ReplicaProperties properties, Clock clock,
			MeterRegistry meters) {
		this.primary = primary;
		this.properties = properties;
		this.clock = clock;
		this.meters = meters;
		if (properties.configured()) {
			boolean own = properties.username() == null || properties.username().isBlank();
			this.replicaPool = new HikariDataSource();
			replicaPool.setPoolName("audit-replica");
			replicaPool.setJdbcUrl(properties.url());
			replicaPool.setUsername(own ? database.determineUsername() : properties.username());
			replicaPool.setPassword(own ? database.determinePassword() : properties.password());
			replicaPool.setMaximumPoolSize(properties.poolSize());
			replicaPool.setMinimumIdle(0);
			replicaPool.setReadOnly(true);
			replicaPool.setConnectionTimeout(Math.max(250, properties.connectTimeout().toMillis()));
			replicaPool.setValidationTimeout(Math.max(250, properties.connectTimeout().toMillis() / 2));
			// the service starts (and reads from the primary) while the replica is away
			replicaPool.setInitializationFailTimeout(-1);
			this.replica = new JdbcTemplate(replicaPool);
			// exports stream through a server-side cursor, as on the primary's query pool
			replica.setFetchSize(2_000);
			this.last = new Choice(Freshness.Server.REPLICA, "fresh", null, null);
		}
		else {
			this.replicaPool = null;
			this.replica = null;
			this.last = NO_REPLICA;
		}
		Gauge
			.builder("audit.replica.staleness", this,
					r -> r.last.staleness() == null ? Double.NaN : r.last.staleness().toMillis())
			.baseUnit("milliseconds")
			.description(
					"how far behind the primary the replica was at the last read (NaN: no replica, or not reachable)")
			.register(meters);
	}

	/**
	 * Runs the read on the replica when it is close enough behind, else on the primary
	 * ({@code onPrimary}: the pool that read uses there).
	 */
	public <T> Served<T> read(JdbcTemplate onPrimary, Function<Source, T> work) {
		if (replica == null) {
			return onPrimary(onPrimary, NO_REPLICA, work);
		}
		if (clock.instant().isBefore(retryAt)) {
			return onPrimary(onPrimary, resting, work);
		}
		// the primary's position first, outside the replica's try: a primary that fails
		// fails the read (its ACCESS entry could not be written either), and says nothing
		// about the replica
		Position written = written();
		Choice choice;
		try {
			Lag lag = measure(written);
			choice = judge(lag);
			if (choice.server() == Freshness.Server.REPLICA) {
				Source source = new Source(replica,
						new Freshness(Freshness.Server.REPLICA, lag.asOf(), lag.staleness()));
				try {
					T value = work.apply(source);
					chose(choice);
					return new Served<>(value, source.freshness());
				}
				catch (DataAccessException | TransactionException ex) {
					if (source.settled()) {
						throw ex;
					}
					choice = failed(ex);
				}
			}
		}
		catch (DataAccessException | TransactionException ex) {
			choice = failed(ex);
		}
		return onPrimary(onPrimary, choice, work);
	}

	/**
	 * Where a read would go now, and why: measured (unless the replica is resting after a
	 * failure), no read counted.
	 */
	public Choice probe() {
		if (replica == null) {
			return NO_REPLICA;
		}
		if (clock.instant().isBefore(retryAt)) {
			return resting;
		}
		Position written;
		try {
			written = written();
		}
		catch (DataAccessException ex) {
			// the primary is away: the db health component says so; nothing new about the
			// replica
			return last;
		}
		try {
			Choice choice = judge(measure(written));
			note(choice);
			return choice;
		}
		catch (DataAccessException | TransactionException ex) {
			return failed(ex);
		}
	}

	public boolean configured() {
		return replica != null;
	}

	public Duration maxLag() {
		return properties.maxLag();
	}

	private <T> Served<T> onPrimary(JdbcTemplate onPrimary, Choice why, Function<Source, T> work) {
		Source source = new Source(onPrimary, Freshness.primary(clock.instant()));
		T value = work.apply(source);
		chose(new Choice(Freshness.Server.PRIMARY, why.reason(), why.staleness(), why.problem()));
		return new Served<>(value, source.freshness());
	}

	/**
	 * The primary's flushed WAL position and clock. What the primary has flushed holds
	 * every transaction committed before (the service commits synchronously).
	 */
	private Position written() {
		return primary.queryForObject("SELECT pg_current_wal_flush_lsn()::text, clock_timestamp()",
				(rs, row) -> new Position(rs.getString(1), rs.getTimestamp(2).toInstant()));
	}

	/**
	 * On the replica: whether it has applied the primary's position, and if not, when the
	 * last transaction it applied was committed.
	 */
	private Lag measure(Position written) {
		Instant asked = written.at();
		return replica.queryForObject("SELECT pg_is_in_recovery() AS standby, "
				+ "coalesce(pg_last_wal_replay_lsn() >= ?::pg_lsn, false) AS caught_up, "
				+ "pg_last_xact_replay_timestamp() AS replayed", (rs, row) -> {
					if (rs.getBoolean("caught_up")) {
						return new Lag(rs.getBoolean("standby"), asked, Duration.ZERO);
					}
					Timestamp replayed = rs.getTimestamp("replayed");
					if (replayed == null) {
						// nothing applied since the replica started, and not caught up:
						// how stale is unknown
						return new Lag(rs.getBoolean("standby"), null, null);
					}
					Duration behind = Duration.between(replayed.toInstant(), asked);
					return new Lag(rs.getBoolean("standby"), replayed.toInstant(),
							behind.isNegative() ? Duration.ZERO : behind);
				}, written.lsn());
	}

	private Choice judge(Lag lag) {
		if (!lag.standby()) {
			return new Choice(Freshness.Server.PRIMARY, "not-standby", null,
					"the replica is not in recovery (promoted, or the URL names a primary): not read from");
		}
		if (lag.staleness() == null) {
			return new Choice(Freshness.Server.PRIMARY, "lagging", null,
					"the replica is behind and has applied nothing since it started");
		}
		if (lag.staleness().compareTo(properties.maxLag()) > 0) {
			return new Choice(Freshness.Server.PRIMARY, "lagging", lag.staleness(),
					"the replica is " + lag.staleness().toMillis()
							+ " ms behind, more than numshield.audit.replica.max-lag (" + properties.maxLag() + ")");
		}
		return new Choice(Freshness.Server.REPLICA, "fresh", lag.staleness(), null);
	}

	/**
	 * The replica failed: unreachable (no connection, or its session ended) rests it for
	 * {@code retry-interval}; anything else (a query cancelled by a recovery conflict)
	 * only sends this read to the primary.
	 */
	private Choice failed(NestedRuntimeException ex) {
		boolean unreachable = ex instanceof DataAccessResourceFailureException
				|| ex instanceof CannotCreateTransactionException;
		Throwable cause = ex.getMostSpecificCause();
		Choice choice = new Choice(Freshness.Server.PRIMARY, unreachable ? "unreachable" : "failed", null,
				cause.getClass().getSimpleName() + ": " + cause.getMessage());
		if (unreachable) {
			resting = choice;
			retryAt = clock.instant().plus(properties.retryInterval());
		}
		note(choice);
		return choice;
	}

	private void chose(Choice choice) {
		Counter.builder("audit.reads")
			.description("regulators' reads (trace, party search, export) by the server that answered and why")
			.tag("server", choice.server().label())
			.tag("reason", choice.reason())
			.register(meters)
			.increment();
		note(choice);
	}

	private void note(Choice choice) {
		Choice before = last;
		last = choice;
		if (!before.reason().equals(choice.reason())) {
			if (choice.server() == Freshness.Server.REPLICA) {
				log.info("regulators' reads go to the replica again");
			}
			else {
				log.warn("regulators' reads go to the primary ({}): {}", choice.reason(), choice.problem());
			}
		}
	}

	@Override
	public void destroy() {
		if (replicaPool != null) {
			replicaPool.close();
		}
	}

}
