package io.numshield.binding.platform;

/** Port: copies a platform's status to every shard, so that lease and routing scripts see it at once. */
public interface PlatformStatusMirror {

	/** Copies the status again (start-up repair); records nothing. */
	void mirror(String platformId, PlatformStatus status);

	/** Copies a new status and appends its PLATFORM_STATUS_CHANGED event for the audit trail. */
	void changed(String platformId, PlatformStatus status, String reason, String changedBy);
}
