package io.numshield.binding.blocklist;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;

/**
 * A real number on one platform's own blocklist (ADR 0025), known by its blind index; the
 * masked form is for people.
 */
@Entity
@Table(name = "platform_blocked_number")
class PlatformBlockedNumber {

	@Id
	@GeneratedValue(strategy = GenerationType.IDENTITY)
	private Long id;

	@Column(name = "platform_id")
	private String platformId;

	@Column(name = "blind_index")
	private String blindIndex;

	private String masked;

	private String reason;

	@Column(name = "blocked_by")
	private String blockedBy;

	@Column(name = "blocked_at")
	private Instant blockedAt;

	protected PlatformBlockedNumber() {
	}

	PlatformBlockedNumber(String platformId, String blindIndex, String masked, String reason, String blockedBy,
			Instant blockedAt) {
		this.platformId = platformId;
		this.blindIndex = blindIndex;
		this.masked = masked;
		this.reason = reason;
		this.blockedBy = blockedBy;
		this.blockedAt = blockedAt;
	}

	String platformId() {
		return platformId;
	}

	String blindIndex() {
		return blindIndex;
	}

	String masked() {
		return masked;
	}

	String reason() {
		return reason;
	}

	Instant blockedAt() {
		return blockedAt;
	}

}
