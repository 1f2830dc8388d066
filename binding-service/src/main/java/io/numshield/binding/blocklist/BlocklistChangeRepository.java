package io.numshield.binding.blocklist;

import org.springframework.data.jpa.repository.JpaRepository;

interface BlocklistChangeRepository extends JpaRepository<BlocklistChange, Long> {

}
