package io.numshield.binding.pool;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;

/** A management number assigned to a pool: 10,000 usage numbers, or one legacy number. */
@Entity
@Table(name = "pool_block")
class PoolBlock {

	@Id
	@Column(name = "management_number")
	private String managementNumber;

	@Column(name = "pool_id")
	private String poolId;

	private int numbers;

	@Column(name = "added_at")
	private Instant addedAt;

	protected PoolBlock() {
	}

	PoolBlock(String managementNumber, String poolId, int numbers, Instant addedAt) {
		this.managementNumber = managementNumber;
		this.poolId = poolId;
		this.numbers = numbers;
		this.addedAt = addedAt;
	}

	String managementNumber() {
		return managementNumber;
	}

	String poolId() {
		return poolId;
	}

	int numbers() {
		return numbers;
	}

}
