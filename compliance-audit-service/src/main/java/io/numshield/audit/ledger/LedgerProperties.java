package io.numshield.audit.ledger;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import java.time.Duration;
import java.time.Period;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * The ledger's upkeep ({@code numshield.audit.ledger.*}; environment
 * {@code NUMSHIELD_AUDIT_LEDGER_RETENTION} and so on).
 *
 * @param retention how long entries are kept; whole months older than this are dropped.
 * At least 6 months (the service refuses to start with less, and the database refuses the
 * drop)
 * @param monthsAhead monthly partitions created ahead of the current month
 * @param maintenanceInterval pause between upkeep rounds (partitions ahead, then
 * retention)
 * @param analyzeInterval pause between checks for partitions that grew enough to be
 * analyzed again (their plans made again on the new figures, ADR 0019)
 */
@Validated
@ConfigurationProperties("numshield.audit.ledger")
public record LedgerProperties(@NotNull Period retention, @Min(1) int monthsAhead,
		@NotNull Duration maintenanceInterval, @NotNull Duration analyzeInterval) {

	public static final int MIN_RETENTION_MONTHS = 6;

	public LedgerProperties {
		if (retention != null && retention.normalized().toTotalMonths() < MIN_RETENTION_MONTHS) {
			throw new IllegalArgumentException("numshield.audit.ledger.retention is " + retention + ": retention under "
					+ MIN_RETENTION_MONTHS + " months is refused (the pilot asks for records "
					+ "to be kept; 24 months is the default)");
		}
	}
}
