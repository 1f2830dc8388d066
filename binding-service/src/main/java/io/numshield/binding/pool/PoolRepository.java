package io.numshield.binding.pool;

import org.springframework.data.jpa.repository.JpaRepository;

interface PoolRepository extends JpaRepository<Pool, String> {

}
