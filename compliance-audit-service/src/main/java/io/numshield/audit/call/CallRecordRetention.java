package io.numshield.audit.call;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.numshield.audit.ledger.LedgerProperties;
import io.numshield.support.lifecycle.PeriodicTask;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.ZoneOffset;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Deletes call records that started longer ago than
 * {@code numshield.audit.calls.retention} (at least 6 months), every ledger upkeep
 * interval, a bounded batch per statement so that no round holds many rows locked. Call
 * records are a projection: the ledger keeps their entries for its own, longer,
 * retention.
 */
@Component
class CallRecordRetention extends PeriodicTask {

	private static final Logger log = LoggerFactory.getLogger(CallRecordRetention.class);

	private static final int BATCH = 10_000;

	private final JdbcTemplate jdbc;

	private final Clock clock;

	private final CallProperties properties;

	private final Counter deleted;

	CallRecordRetention(JdbcTemplate jdbc, Clock clock, CallProperties properties, LedgerProperties ledger,
			MeterRegistry meters) {
		super("call-record-retention", ledger.maintenanceInterval());
		this.jdbc = jdbc;
		this.clock = clock;
		this.properties = properties;
		this.deleted = meters.counter("audit.calls.deleted");
	}

	@Override
	protected void runOnce() {
		apply();
	}

	/** Answers how many records were deleted. */
	int apply() {
		Timestamp cutoff = Timestamp
			.from(clock.instant().atOffset(ZoneOffset.UTC).minus(properties.retention()).toInstant());
		int total = 0;
		int gone;
		do {
			gone = jdbc.update("DELETE FROM call_record WHERE call_id IN (SELECT call_id FROM call_record "
					+ "WHERE started_at < ? LIMIT " + BATCH + ")", cutoff);
			total += gone;
		}
		while (gone == BATCH);
		if (total > 0) {
			deleted.increment(total);
			log.info("call record retention {}: deleted {} records", properties.retention(), total);
		}
		return total;
	}

}
