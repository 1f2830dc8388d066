package io.numshield.binding.pool;

import io.numshield.core.redis.CallControls;
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

	@Column(name = "extension_digits")
	private int extensionDigits;

	@Column(name = "max_extensions_per_number")
	private int maxExtensionsPerNumber;

	@Column(name = "max_call_duration_seconds")
	private Integer maxCallDurationSeconds;

	@Column(name = "announcement_id")
	private String announcementId;

	@Column(name = "ringback_tone_id")
	private String ringbackToneId;

	/** Whether a lease needs a current real-name report of party A (issue 15). */
	@Column(name = "require_identity_report")
	private boolean requireIdentityReport;

	@Column(name = "city_code")
	private String cityCode;

	@Column(name = "province_code")
	private String provinceCode;

	protected Pool() {
	}

	Pool(String poolId, String region, NumberKind numberKind, int maxBindingsPerNumber, long cooldownSeconds,
			Instant createdAt, int extensionDigits, int maxExtensionsPerNumber, CallControls controls) {
		this.poolId = poolId;
		this.region = region;
		this.numberKind = numberKind;
		this.maxBindingsPerNumber = maxBindingsPerNumber;
		this.cooldownSeconds = cooldownSeconds;
		this.createdAt = createdAt;
		this.extensionDigits = extensionDigits;
		this.maxExtensionsPerNumber = maxExtensionsPerNumber;
		this.maxCallDurationSeconds = controls.maxDurationSeconds();
		this.announcementId = controls.announcementId();
		this.ringbackToneId = controls.ringbackToneId();
	}

	String poolId() {
		return poolId;
	}

	/**
	 * Places the pool in a city and its province (GB/T 2260 codes, checked by the
	 * caller), either or both {@code null}.
	 */
	void locate(String cityCode, String provinceCode) {
		this.cityCode = cityCode;
		this.provinceCode = provinceCode;
	}

	String cityCode() {
		return cityCode;
	}

	String provinceCode() {
		return provinceCode;
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

	int extensionDigits() {
		return extensionDigits;
	}

	int maxExtensionsPerNumber() {
		return maxExtensionsPerNumber;
	}

	boolean requireIdentityReport() {
		return requireIdentityReport;
	}

	void requireIdentityReport(boolean required) {
		this.requireIdentityReport = required;
	}

	CallControls callControls() {
		return new CallControls(maxCallDurationSeconds, announcementId, ringbackToneId);
	}

	/** What each block of this pool carries on its shard. */
	BlockTerms terms() {
		return new BlockTerms(poolId, maxBindingsPerNumber, cooldownSeconds * 1000, extensionDigits,
				maxExtensionsPerNumber, callControls());
	}

}
