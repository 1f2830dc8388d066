package io.numshield.binding.pool;

import java.util.List;

import org.springframework.data.jpa.repository.JpaRepository;

interface PoolBlockRepository extends JpaRepository<PoolBlock, String> {

	List<PoolBlock> findByPoolIdOrderByManagementNumber(String poolId);

}
