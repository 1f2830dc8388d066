package io.numshield.binding.blocklist;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;

import java.time.Instant;

/**
 * History of the platforms' own blocklists: which platform added or removed which
 * (masked) number, who, and why.
 */
@Entity
@Table(name = "platform_blocklist_change")
class PlatformBlocklistChange extends BlockChangeEntry {

	@Column(name = "platform_id")
	private String platformId;

	protected PlatformBlocklistChange() {
	}

	PlatformBlocklistChange(String platformId, String blindIndex, String masked, String action, String reason,
			String changedBy, Instant changedAt) {
		super(blindIndex, masked, action, reason, changedBy, changedAt);
		this.platformId = platformId;
	}

}
