package io.numshield.binding.platform;

import org.springframework.data.jpa.repository.JpaRepository;

interface PlatformRepository extends JpaRepository<Platform, String> {

}
