package io.numshield.core.redis;

import java.util.List;

/**
 * A call of {@code release.lua}: one binding ends (deleted by its platform, or revoked);
 * idempotent.
 *
 * @param bindingId the binding
 * @param platformIdOrAny the platform that must own it, or "" for any (a revocation)
 * @param reason why it ends (DELETED, PLATFORM_REVOKED, ...)
 * @param tombstoneMillis how long its ended record stays to answer for it
 * @param bucketMillis the expiry schedule's bucket width
 */
public record ReleaseCall(String bindingId, String platformIdOrAny, String reason, long tombstoneMillis,
		long bucketMillis) implements ScriptCall<String> {

	@Override
	public LeaseScript script() {
		return LeaseScript.RELEASE;
	}

	@Override
	public List<String> arguments() {
		return List.of(bindingId, platformIdOrAny, reason, Long.toString(tombstoneMillis), Long.toString(bucketMillis));
	}

	/** Reads {@code { result }}: OK, ALREADY (ended before) or NOT_FOUND. */
	@Override
	public String reply(List<?> values) {
		return ScriptCall.at(values, 0);
	}
}
