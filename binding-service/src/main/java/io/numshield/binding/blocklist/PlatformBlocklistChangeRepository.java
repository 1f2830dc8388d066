package io.numshield.binding.blocklist;

import org.springframework.data.jpa.repository.JpaRepository;

interface PlatformBlocklistChangeRepository extends JpaRepository<PlatformBlocklistChange, Long> {

}
