package io.numshield.binding.blocklist;

import org.springframework.data.jpa.repository.JpaRepository;

interface BlockedNumberRepository extends JpaRepository<BlockedNumber, String> {

}
