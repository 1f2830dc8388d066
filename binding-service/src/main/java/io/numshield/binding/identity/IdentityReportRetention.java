package io.numshield.binding.identity;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.numshield.support.lifecycle.PeriodicTask;

import java.sql.Timestamp;
import java.time.Clock;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Deletes the real-name reports that stopped being current (their {@code validUntil}
 * passed) longer than {@code numshield.binding.identity.retention} ago, every
 * {@code retention-check}, in batches; counted as
 * {@code binding.identity.reports.deleted}. A report without {@code validUntil} is
 * current and stays. The ledger keeps each report's {@code IDENTITY_REPORTED} entry for
 * its own retention (ADR 0027), so regulators' party search still finds it there.
 */
@Component
public class IdentityReportRetention extends PeriodicTask {

	private static final Logger log = LoggerFactory.getLogger(IdentityReportRetention.class);

	private static final int BATCH = 10_000;

	private final JdbcTemplate jdbc;

	private final Clock clock;

	private final IdentityProperties properties;

	private final Counter deleted;

	IdentityReportRetention(JdbcTemplate jdbc, Clock clock, IdentityProperties properties, MeterRegistry meters) {
		super("identity-report-retention", properties.retentionCheck());
		this.jdbc = jdbc;
		this.clock = clock;
		this.properties = properties;
		this.deleted = meters.counter("binding.identity.reports.deleted");
	}

	@Override
	protected void runOnce() {
		apply();
	}

	/** Answers how many reports were deleted. */
	public int apply() {
		Timestamp cutoff = Timestamp.from(clock.instant().minus(properties.retention()));
		int total = 0;
		int gone;
		do {
			gone = jdbc.update("DELETE FROM identity_report WHERE report_id IN (SELECT report_id FROM identity_report "
					+ "WHERE valid_until < ? LIMIT " + BATCH + ")", cutoff);
			total += gone;
		}
		while (gone == BATCH);
		if (total > 0) {
			deleted.increment(total);
			log.info("deleted {} real-name reports no longer current since before {}", total, cutoff.toInstant());
		}
		return total;
	}

}
