package io.numshield.binding.outbox;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.numshield.core.number.VirtualShard;
import io.numshield.support.lifecycle.PeriodicTask;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Writes the rows of {@code audit_outbox} to their shard's lease stream, in id order, and
 * deletes them (ADR 0016). One relay at a time across every instance: a round runs in a
 * transaction that first takes PostgreSQL's advisory lock {@link #LOCK} with
 * {@code pg_try_advisory_xact_lock}; an instance that does not get it skips the round
 * (the holder drains what it finds, the rest waits for the next round), so two relays
 * never interleave and the order of the rows is the order on the streams. A row is
 * deleted in the transaction that wrote it, once its XADD answered: a Redis failure stops
 * the round at that row (it and every later row wait, in order, for the next round); a
 * failure between an XADD and the commit of its deletion writes the event again next
 * round, with its eventId, which the ledger keeps once (idempotent by eventId).
 * <p>
 * Drains at start (the first round, when the application is ready), every
 * {@code numshield.binding.outbox.interval}, and right after each change that added a row
 * ({@link #afterCommit}, before the change's answer, as the event was written before the
 * outbox). The periodic rounds skip when the lock is taken; the drain after a commit
 * waits for it.
 */
@Component
public class OutboxRelay extends PeriodicTask {

	/**
	 * The relay's advisory lock (one-bigint form: apart from {@link AuditOutbox}'s
	 * two-int keys).
	 */
	public static final long LOCK = 0x4E53_4F42_5245_4C41L; // "NSOBRELA"

	/**
	 * How long a drain after a commit waits for another relay's round before it leaves
	 * its rows to the next round.
	 */
	static final Duration LOCK_WAIT = Duration.ofSeconds(5);

	private static final Logger log = LoggerFactory.getLogger(OutboxRelay.class);

	private final JdbcTemplate jdbc;

	private final TransactionTemplate transactions;

	private final EventStream stream;

	private final int batch;

	private final Counter delivered;

	private final Counter failed;

	public OutboxRelay(JdbcTemplate jdbc, PlatformTransactionManager transactionManager, EventStream stream,
			OutboxProperties properties, MeterRegistry meters) {
		super("outbox-relay", properties.interval());
		this.jdbc = jdbc;
		// its own transaction always: afterCommit runs while the committed change's
		// resources are still bound
		this.transactions = new TransactionTemplate(transactionManager);
		this.transactions.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
		this.stream = stream;
		this.batch = properties.batch();
		this.delivered = Counter.builder("numshield.outbox.delivered")
			.description("Audit events the outbox relay wrote to a shard's stream")
			.register(meters);
		this.failed = Counter.builder("numshield.outbox.failed")
			.description("Outbox rounds stopped by a stream write that failed (the row waits for the next round)")
			.register(meters);
		Gauge.builder("numshield.outbox.pending", this, OutboxRelay::pending)
			.description("Audit events committed and not yet on their stream")
			.register(meters);
	}

	@Override
	protected void runOnce() {
		drain();
	}

	/**
	 * After a change's commit, while the relay runs (not before start, not while
	 * stopping): drains at once, waiting up to {@link #LOCK_WAIT} for a round in progress
	 * elsewhere to end, so that the change's event is on its stream before the change's
	 * answer whenever Redis takes it (as before the outbox).
	 */
	void afterCommit() {
		if (isRunning()) {
			drain(true);
		}
	}

	/**
	 * Delivers rows batch by batch until none is left, Redis fails, or another relay
	 * holds the lock; answers how many this call delivered. Never throws: what is not
	 * delivered waits in the table.
	 */
	public int drain() {
		return drain(false);
	}

	private int drain(boolean waitForLock) {
		int total = 0;
		while (true) {
			Round round;
			try {
				round = transactions.execute(status -> round(waitForLock));
			}
			catch (RuntimeException ex) {
				log.warn("outbox round failed in PostgreSQL; the rows wait for the next round: {}", ex.toString());
				return total;
			}
			total += round.delivered();
			if (!round.more()) {
				return total;
			}
		}
	}

	private Round round(boolean waitForLock) {
		if (waitForLock) {
			jdbc.execute("SET LOCAL lock_timeout = '" + LOCK_WAIT.toMillis() + "ms'");
			jdbc.queryForObject("SELECT 1 FROM pg_advisory_xact_lock(?)", Integer.class, LOCK);
		}
		else if (!Boolean.TRUE
			.equals(jdbc.queryForObject("SELECT pg_try_advisory_xact_lock(?)", Boolean.class, LOCK))) {
			return new Round(0, false); // another relay is draining
		}
		List<Row> rows = jdbc.query("SELECT id, shard, event_id, fields FROM audit_outbox ORDER BY id LIMIT ?",
				(rs, n) -> row(rs), batch);
		List<Long> done = new ArrayList<>();
		for (Row row : rows) {
			try {
				stream.append(new VirtualShard(row.shard()), row.fields());
			}
			catch (RuntimeException ex) {
				failed.increment();
				log.warn(
						"audit event {} not written to the stream of shard {}; it and {} later rows wait in audit_outbox "
								+ "for the next round: {}",
						row.eventId(), row.shard(), rows.size() - done.size() - 1, ex.toString());
				delete(done);
				return new Round(done.size(), false);
			}
			done.add(row.id());
		}
		delete(done);
		return new Round(done.size(), rows.size() == batch);
	}

	private void delete(List<Long> ids) {
		if (!ids.isEmpty()) {
			jdbc.update("DELETE FROM audit_outbox WHERE id = ANY (?)", (Object) ids.toArray(Long[]::new));
			delivered.increment(ids.size());
		}
	}

	private double pending() {
		try {
			Long rows = jdbc.queryForObject("SELECT count(*) FROM audit_outbox", Long.class);
			return rows == null ? Double.NaN : rows;
		}
		catch (RuntimeException ex) {
			return Double.NaN;
		}
	}

	private static Row row(ResultSet rs) throws SQLException {
		Array array = rs.getArray("fields");
		String[] flat = (String[]) array.getArray();
		Map<String, String> fields = new LinkedHashMap<>();
		for (int i = 0; i + 1 < flat.length; i += 2) {
			fields.put(flat[i], flat[i + 1]);
		}
		return new Row(rs.getLong("id"), rs.getInt("shard"), rs.getString("event_id"), fields);
	}

	private record Row(long id, int shard, String eventId, Map<String, String> fields) {
	}

	private record Round(int delivered, boolean more) {
	}

}
