package io.numshield.audit.ledger;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.numshield.support.lifecycle.PeriodicTask;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The ledger's upkeep, each round: monthly partitions created {@code monthsAhead} ahead,
 * then the retention: whole months that ended before now minus {@code retention} are
 * dropped (the database function refuses anything under six months whatever the caller
 * says), and the chain head signed. Each step holds an advisory lock of its own for its
 * transaction: every audit instance runs this task, and two instances creating (or
 * dropping) the same month at once failed one of them.
 */
@Component
class LedgerMaintenance extends PeriodicTask {

	private static final Logger log = LoggerFactory.getLogger(LedgerMaintenance.class);

	/**
	 * The advisory lock that lets one instance at a time create or drop partitions (the
	 * chain's is 700_700_700).
	 */
	private static final long MAINTENANCE_LOCK = 700_700_702L;

	private final JdbcTemplate jdbc;

	private final Clock clock;

	private final LedgerProperties properties;

	private final Checkpoints checkpoints;

	private final Counter dropped;

	private final Counter cuts;

	private final TransactionTemplate transactions;

	LedgerMaintenance(JdbcTemplate jdbc, Clock clock, LedgerProperties properties, Checkpoints checkpoints,
			MeterRegistry meters, PlatformTransactionManager transactionManager) {
		super("ledger-maintenance", properties.maintenanceInterval());
		this.transactions = new TransactionTemplate(transactionManager);
		this.jdbc = jdbc;
		this.clock = clock;
		this.properties = properties;
		this.checkpoints = checkpoints;
		this.dropped = meters.counter("audit.ledger.partitions.dropped");
		this.cuts = meters.counter("audit.ledger.checkpoints", "reason", "retention");
	}

	@Override
	protected void runOnce() {
		ensurePartitions();
		applyRetention();
	}

	int ensurePartitions() {
		Integer created = transactions.execute(status -> {
			lock();
			return jdbc.queryForObject("SELECT ledger_ensure_partitions(?)", Integer.class, properties.monthsAhead());
		});
		if (created != null && created > 0) {
			log.info("created {} monthly ledger partitions", created);
		}
		return created == null ? 0 : created;
	}

	/**
	 * Drops the months older than the retention, then signs a checkpoint of the chain
	 * head (the cut is where an export's chain now starts); answers the partitions
	 * dropped.
	 */
	List<String> applyRetention() {
		Timestamp cutoff = Timestamp
			.from(clock.instant().atOffset(ZoneOffset.UTC).minus(properties.retention()).toInstant());
		List<String> gone = transactions.execute(status -> {
			lock();
			return jdbc.queryForList("SELECT ledger_drop_partitions_before(?)", String.class, cutoff);
		});
		if (!gone.isEmpty()) {
			dropped.increment(gone.size());
			log.info("retention {}: dropped {}", properties.retention(), gone);
			if (checkpoints.sign(Checkpoints.Reason.RETENTION) != null) {
				cuts.increment();
			}
		}
		return gone;
	}

	private void lock() {
		jdbc.queryForObject("SELECT pg_advisory_xact_lock(?)", Object.class, MAINTENANCE_LOCK);
	}

}
