package io.numshield.binding.identity;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;

interface IdentityReportRepository extends JpaRepository<IdentityReport, String> {

	Optional<IdentityReport> findByReportIdAndPlatformId(String reportId, String platformId);

	List<IdentityReport> findByPlatformIdAndPhoneIndexOrderByCreatedAtDesc(String platformId, String phoneIndex);

	/**
	 * Whether the platform has a report of this phone that has not run out at
	 * {@code now}.
	 */
	@Query("SELECT count(r) > 0 FROM IdentityReport r WHERE r.platformId = ?1 AND r.phoneIndex = ?2 "
			+ "AND (r.validUntil IS NULL OR r.validUntil > ?3)")
	boolean existsCurrent(String platformId, String phoneIndex, Instant now);

}
