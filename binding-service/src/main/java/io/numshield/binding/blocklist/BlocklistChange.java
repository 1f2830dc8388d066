package io.numshield.binding.blocklist;

import jakarta.persistence.Entity;
import jakarta.persistence.Table;

import java.time.Instant;

/** History of the blocklist: who added or removed which (masked) number, and why. */
@Entity
@Table(name = "blocklist_change")
class BlocklistChange extends BlockChangeEntry {

	protected BlocklistChange() {
	}

	BlocklistChange(String blindIndex, String masked, String action, String reason, String changedBy,
			Instant changedAt) {
		super(blindIndex, masked, action, reason, changedBy, changedAt);
	}

}
