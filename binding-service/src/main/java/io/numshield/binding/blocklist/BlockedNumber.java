package io.numshield.binding.blocklist;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;

/** A blocked real number, known by its blind index; the masked form is for people. */
@Entity
@Table(name = "blocked_number")
class BlockedNumber {

	@Id
	@Column(name = "blind_index")
	private String blindIndex;

	private String masked;

	private String reason;

	@Column(name = "blocked_by")
	private String blockedBy;

	@Column(name = "blocked_at")
	private Instant blockedAt;

	protected BlockedNumber() {
	}

	BlockedNumber(String blindIndex, String masked, String reason, String blockedBy, Instant blockedAt) {
		this.blindIndex = blindIndex;
		this.masked = masked;
		this.reason = reason;
		this.blockedBy = blockedBy;
		this.blockedAt = blockedAt;
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
