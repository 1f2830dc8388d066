package io.numshield.binding.platform;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;

/** One entry of a platform's status history: who changed it, when, and why. */
@Entity
@Table(name = "platform_status_change")
class PlatformStatusChange {

	@Id
	@GeneratedValue(strategy = GenerationType.IDENTITY)
	private Long id;

	@Column(name = "platform_id")
	private String platformId;

	private String status;

	private String reason;

	@Column(name = "changed_by")
	private String changedBy;

	@Column(name = "changed_at")
	private Instant changedAt;

	protected PlatformStatusChange() {
	}

	PlatformStatusChange(String platformId, PlatformStatus status, String reason, String changedBy, Instant changedAt) {
		this.platformId = platformId;
		this.status = status.name();
		this.reason = reason;
		this.changedBy = changedBy;
		this.changedAt = changedAt;
	}

}
