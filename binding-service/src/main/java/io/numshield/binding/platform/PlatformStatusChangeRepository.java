package io.numshield.binding.platform;

import org.springframework.data.jpa.repository.JpaRepository;

interface PlatformStatusChangeRepository extends JpaRepository<PlatformStatusChange, Long> {

}
