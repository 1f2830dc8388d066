package io.numshield.binding.pool;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;

/** A pool of virtual numbers. Its blocks are {@link PoolBlock}s. */
@Entity
@Table(name = "pool")
class Pool {

	@Id
	@Column(name = "pool_id")
	private String poolId;

	private String region;

	@Enumerated(EnumType.STRING)
	@Column(name = "number_kind")
	private NumberKind numberKind;

	@Column(name = "max_bindings_per_number")
	private int maxBindingsPerNumber;

	@Column(name = "cooldown_seconds")
	private long cooldownSeconds;

	@Column(name = "created_at")
	private Instant createdAt;

	protected Pool() {
	}

	Pool(String poolId, String region, NumberKind numberKind, int maxBindingsPerNumber, long cooldownSeconds,
			Instant createdAt) {
		this.poolId = poolId;
		this.region = region;
		this.numberKind = numberKind;
		this.maxBindingsPerNumber = maxBindingsPerNumber;
		this.cooldownSeconds = cooldownSeconds;
		this.createdAt = createdAt;
	}

	String poolId() {
		return poolId;
	}

	String region() {
		return region;
	}

	NumberKind numberKind() {
		return numberKind;
	}

	int maxBindingsPerNumber() {
		return maxBindingsPerNumber;
	}

	long cooldownSeconds() {
		return cooldownSeconds;
	}

}
