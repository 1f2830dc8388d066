package io.numshield.binding.platform;

/** A platform's standing. REVOKED is for good. */
public enum PlatformStatus {

	ACTIVE, SUSPENDED, REVOKED

}
