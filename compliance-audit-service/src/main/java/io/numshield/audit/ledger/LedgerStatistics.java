package io.numshield.audit.ledger;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.numshield.support.lifecycle.PeriodicTask;

import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The ledger's and holdings' partitions analyzed as they grow, every
 * {@code analyzeInterval}, whether or not the database's autovacuum runs: a partition
 * with more rows changed since its last analyze than it had then, plus 50 (it doubled),
 * is analyzed by the database function {@code ledger_analyze_stale} (migration V6). The
 * ingestion's prepared statements keep a generic plan, and one made while the month's
 * partition was small reads the partition whole on every round until an analyze makes
 * PostgreSQL plan them again (ADR 0019).
 */
@Component
class LedgerStatistics extends PeriodicTask {

	private static final Logger log = LoggerFactory.getLogger(LedgerStatistics.class);

	private final JdbcTemplate jdbc;

	private final Counter analyzed;

	LedgerStatistics(JdbcTemplate jdbc, LedgerProperties properties, MeterRegistry meters) {
		super("ledger-statistics", properties.analyzeInterval());
		this.jdbc = jdbc;
		this.analyzed = meters.counter("audit.ledger.partitions.analyzed");
	}

	@Override
	protected void runOnce() {
		analyzeStale();
	}

	/** Analyzes the partitions that grew past the rule; answers their names. */
	List<String> analyzeStale() {
		List<String> names = jdbc.queryForList("SELECT ledger_analyze_stale()", String.class);
		if (!names.isEmpty()) {
			analyzed.increment(names.size());
			log.debug("analyzed {}", names);
		}
		return names;
	}

}
