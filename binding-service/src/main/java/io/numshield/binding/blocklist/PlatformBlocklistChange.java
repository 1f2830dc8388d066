package io.numshield.binding.blocklist;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;

/**
 * History of the platforms' own blocklists: which platform added or removed which
 * (masked) number, who, and why.
 */
@Entity
@Table(name = "platform_blocklist_change")
class PlatformBlocklistChange {

	@Id
	@GeneratedValue(strategy = GenerationType.IDENTITY)
	private Long id;

	@Column(name = "platform_id")
	private String platformId;

	@Column(name = "blind_index")
	private String blindIndex;

	private String masked;

	private String action;

	private String reason;

	@Column(name = "changed_by")
	private String changedBy;

	@Column(name = "changed_at")
	private Instant changedAt;

	protected PlatformBlocklistChange() {
	}

	PlatformBlocklistChange(String platformId, String blindIndex, String masked, String action, String reason,
			String changedBy, Instant changedAt) {
		this.platformId = platformId;
		this.blindIndex = blindIndex;
		this.masked = masked;
		this.action = action;
		this.reason = reason;
		this.changedBy = changedBy;
		this.changedAt = changedAt;
	}

}
