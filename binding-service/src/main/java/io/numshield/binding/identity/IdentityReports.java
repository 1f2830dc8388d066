package io.numshield.binding.identity;

import io.numshield.binding.platform.PlatformService;
import io.numshield.core.crypto.PersonalDataProtector;
import io.numshield.core.identity.Identity;
import io.numshield.core.number.RealNumber;
import io.numshield.core.problem.ProblemCode;
import io.numshield.core.problem.Refusal;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * A platform's real-name reports: made (one row and its {@code IDENTITY_REPORTED} outbox
 * row in one transaction), read and found by phone, each only by the platform that made
 * it; and the question the lease path asks of a pool that requires a report.
 */
@Service
public class IdentityReports {

	private final IdentityReportRepository reports;

	private final PersonalDataProtector protector;

	private final PlatformService platforms;

	private final IdentityLedger ledger;

	private final Clock clock;

	IdentityReports(IdentityReportRepository reports, PersonalDataProtector protector, PlatformService platforms,
			IdentityLedger ledger, Clock clock) {
		this.reports = reports;
		this.protector = protector;
		this.platforms = platforms;
		this.ledger = ledger;
		this.clock = clock;
	}

	@Transactional
	public IdentityReportView report(String platformId, Identity identity, @Nullable Instant validUntil, String by) {
		// milliseconds, as the stream carries them: the answer, the row and the event
		// agree
		Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
		@Nullable Instant until = validUntil == null ? null : validUntil.truncatedTo(ChronoUnit.MILLIS);
		if (validUntil != null && !validUntil.isAfter(now)) {
			throw new Refusal(ProblemCode.VALIDATION_FAILED, "validUntil must lie in the future");
		}
		platforms.requireActive(platformId, "report identities");
		String reportId = "ir_" + UUID.randomUUID().toString().replace("-", "");
		String phoneIndex = protector.blindIndex(identity.phone());
		String idIndex = protector.blindIndex(identity.idType(), identity.idNumber());
		String ciphertext = protector.encryptIdentity(identity);
		IdentityReport report = reports
			.save(new IdentityReport(reportId, platformId, phoneIndex, idIndex, identity.idType().name(), ciphertext,
					identity.phone().masked(), identity.maskedName(), identity.maskedIdNumber(), until, now, by));
		ledger.record(reportId, platformId, phoneIndex, identity.phone().masked(), identity.idType().name(), idIndex,
				ciphertext, until, by, now);
		return report.view();
	}

	@Transactional(readOnly = true)
	public IdentityReportView get(String platformId, String reportId) {
		return reports.findByReportIdAndPlatformId(reportId, platformId)
			.map(IdentityReport::view)
			.orElseThrow(() -> new Refusal(ProblemCode.IDENTITY_REPORT_NOT_FOUND, "no identity report " + reportId));
	}

	/** The platform's reports of a phone, newest first. */
	@Transactional(readOnly = true)
	public List<IdentityReportView> byPhone(String platformId, RealNumber phone) {
		return reports.findByPlatformIdAndPhoneIndexOrderByCreatedAtDesc(platformId, protector.blindIndex(phone))
			.stream()
			.map(IdentityReport::view)
			.toList();
	}

	/**
	 * Whether the platform has reported who holds {@code phone}, in a report that has not
	 * run out: one indexed PostgreSQL look-up, asked only for a pool that requires it.
	 */
	@Transactional(readOnly = true)
	public boolean hasCurrent(String platformId, RealNumber phone) {
		return reports.existsCurrent(platformId, protector.blindIndex(phone), clock.instant());
	}

}
