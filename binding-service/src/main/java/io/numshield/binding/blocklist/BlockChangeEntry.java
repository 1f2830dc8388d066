package io.numshield.binding.blocklist;

import jakarta.persistence.Column;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.MappedSuperclass;

import java.time.Instant;

/**
 * One change of a blocklist, the regulators' ({@link BlocklistChange}) or a platform's
 * own ({@link PlatformBlocklistChange}): which (masked) number was added or removed, by
 * whom, when and why.
 */
@MappedSuperclass
abstract class BlockChangeEntry {

	@Id
	@GeneratedValue(strategy = GenerationType.IDENTITY)
	private Long id;

	@Column(name = "blind_index")
	private String blindIndex;

	private String masked;

	private String action;

	private String reason;

	@Column(name = "changed_by")
	private String changedBy;

	@Column(name = "changed_at")
	private Instant changedAt;

	protected BlockChangeEntry() {
	}

	BlockChangeEntry(String blindIndex, String masked, String action, String reason, String changedBy,
			Instant changedAt) {
		this.blindIndex = blindIndex;
		this.masked = masked;
		this.action = action;
		this.reason = reason;
		this.changedBy = changedBy;
		this.changedAt = changedAt;
	}

}
