package io.numshield.binding.blocklist;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;

/** A blocked real number, known by its blind index; the masked form is for people. */
@Entity
@Table(name = "blocked_number")
class BlockedNumber extends BlockEntry {

	@Id
	@Column(name = "blind_index")
	private String blindIndex;

	protected BlockedNumber() {
	}

	BlockedNumber(String blindIndex, String masked, String reason, String blockedBy, Instant blockedAt) {
		super(masked, reason, blockedBy, blockedAt);
		this.blindIndex = blindIndex;
	}

	@Override
	String blindIndex() {
		return blindIndex;
	}

}
