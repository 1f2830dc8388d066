package io.numshield.binding.blocklist;

import java.util.List;
import java.util.Optional;

import org.springframework.data.domain.Pageable;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;

interface PlatformBlockedNumberRepository extends JpaRepository<PlatformBlockedNumber, Long> {

	Optional<PlatformBlockedNumber> findByPlatformIdAndBlindIndex(String platformId, String blindIndex);

	boolean existsByPlatformId(String platformId);

	long countByPlatformId(String platformId);

	List<PlatformBlockedNumber> findByPlatformIdOrderByBlockedAtDescIdDesc(String platformId, Pageable page);

	List<PlatformBlockedNumber> findByPlatformId(String platformId);

	@Query("select distinct b.platformId from PlatformBlockedNumber b")
	List<String> platformsWithEntries();

}
