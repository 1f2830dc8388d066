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
class PlatformBlockedNumber extends BlockEntry {

	@Id
	@GeneratedValue(strategy = GenerationType.IDENTITY)
	private Long id;

	@Column(name = "platform_id")
	private String platformId;

	@Column(name = "blind_index")
	private String blindIndex;

	protected PlatformBlockedNumber() {
	}

	PlatformBlockedNumber(String platformId, String blindIndex, String masked, String reason, String blockedBy,
			Instant blockedAt) {
		super(masked, reason, blockedBy, blockedAt);
		this.platformId = platformId;
		this.blindIndex = blindIndex;
	}

	String platformId() {
		return platformId;
	}

	@Override
	String blindIndex() {
		return blindIndex;
	}

}
