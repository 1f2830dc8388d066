package io.numshield.binding.blocklist;

import jakarta.persistence.Column;
import jakarta.persistence.MappedSuperclass;

import java.time.Instant;

/**
 * What a blocked number's row says beside its key, on the regulators' blocklist
 * ({@link BlockedNumber}, keyed by the blind index) and on a platform's own
 * ({@link PlatformBlockedNumber}, keyed by a generated id): the masked form for people,
 * why, by whom and since when.
 */
@MappedSuperclass
abstract class BlockEntry {

	private String masked;

	private String reason;

	@Column(name = "blocked_by")
	private String blockedBy;

	@Column(name = "blocked_at")
	private Instant blockedAt;

	protected BlockEntry() {
	}

	BlockEntry(String masked, String reason, String blockedBy, Instant blockedAt) {
		this.masked = masked;
		this.reason = reason;
		this.blockedBy = blockedBy;
		this.blockedAt = blockedAt;
	}

	abstract String blindIndex();

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
