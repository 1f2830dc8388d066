package io.numshield.binding.pool;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

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

	@Column(name = "draining_since")
	private @Nullable Instant drainingSince;

	@Column(name = "draining_by")
	private @Nullable String drainingBy;

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

	@Nullable Instant drainingSince() {
		return drainingSince;
	}

	boolean draining() {
		return drainingSince != null;
	}

	/**
	 * Leases nothing new from now on (ADR 0026); a block draining already stays as it is.
	 */
	void drain(Instant at, String by) {
		if (drainingSince == null) {
			drainingSince = at;
			drainingBy = by;
		}
	}

}
