package io.numshield.client;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * {@code POST /v1/bindings} (and an item of {@code POST /v1/bindings:batch}). Build one
 * with {@link #axb}, {@link #axn}, {@link #axe} or {@link #axg} and adjust with the
 * {@code with*} methods; absent fields take the service's defaults (the call controls:
 * the pool's; the industrial identifier: the platform's).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record BindRequest(String mode, String orderId, String partyA, @Nullable String partyB,
		@Nullable Long ttlSeconds, @Nullable Instant expiresAt, @Nullable String poolId, @Nullable String virtualNumber,
		@Nullable String direction, @Nullable Boolean recording, Consent consent,
		@Nullable Integer maxCallDurationSeconds, @Nullable String announcementId, @Nullable String ringbackToneId,
		@Nullable String groupId, @Nullable String region, @Nullable String regionPolicy,
		@Nullable String industrialId) {

	/** The user's choice of number protection: required by the contract. */
	public record Consent(String reference, Instant grantedAt) {
	}

	/**
	 * A request without the fields of issue 15 (group, region, industrial identifier).
	 */
	public BindRequest(String mode, String orderId, String partyA, @Nullable String partyB, @Nullable Long ttlSeconds,
			@Nullable Instant expiresAt, @Nullable String poolId, @Nullable String virtualNumber,
			@Nullable String direction, @Nullable Boolean recording, Consent consent,
			@Nullable Integer maxCallDurationSeconds, @Nullable String announcementId,
			@Nullable String ringbackToneId) {
		this(mode, orderId, partyA, partyB, ttlSeconds, expiresAt, poolId, virtualNumber, direction, recording, consent,
				maxCallDurationSeconds, announcementId, ringbackToneId, null, null, null, null);
	}

	/** A request without call controls of its own (the pool's apply). */
	public BindRequest(String mode, String orderId, String partyA, @Nullable String partyB, @Nullable Long ttlSeconds,
			@Nullable Instant expiresAt, @Nullable String poolId, @Nullable String virtualNumber,
			@Nullable String direction, @Nullable Boolean recording, Consent consent) {
		this(mode, orderId, partyA, partyB, ttlSeconds, expiresAt, poolId, virtualNumber, direction, recording, consent,
				null, null, null);
	}

	public static BindRequest axb(String orderId, String partyA, String partyB, long ttlSeconds, Consent consent) {
		return new BindRequest("AXB", orderId, partyA, partyB, ttlSeconds, null, null, null, null, null, consent);
	}

	public static BindRequest axn(String orderId, String partyA, long ttlSeconds, Consent consent) {
		return new BindRequest("AXN", orderId, partyA, null, ttlSeconds, null, null, null, null, null, consent);
	}

	/**
	 * AXE: X plus an extension that NumShield picks ({@link Binding#extension()},
	 * {@link Binding#dialString()}); with {@code partyB} the AXB rules apply on the
	 * extension, without ({@code null}) the AXN rules.
	 */
	public static BindRequest axe(String orderId, String partyA, @Nullable String partyB, long ttlSeconds,
			Consent consent) {
		return new BindRequest("AXE", orderId, partyA, partyB, ttlSeconds, null, null, null, null, null, consent);
	}

	/**
	 * AXG: X is party A's alone, reachable from the members of the platform's group
	 * {@code groupId} ({@link NumShieldClient#createGroup}); no party B, direction BOTH.
	 */
	public static BindRequest axg(String orderId, String partyA, String groupId, long ttlSeconds, Consent consent) {
		return new BindRequest("AXG", orderId, partyA, null, ttlSeconds, null, null, null, null, null, consent, null,
				null, null, groupId, null, null, null);
	}

	public BindRequest withPool(String pool) {
		return new BindRequest(mode, orderId, partyA, partyB, ttlSeconds, expiresAt, pool, virtualNumber, direction,
				recording, consent, maxCallDurationSeconds, announcementId, ringbackToneId, groupId, region,
				regionPolicy, industrialId);
	}

	public BindRequest withVirtualNumber(String number) {
		return new BindRequest(mode, orderId, partyA, partyB, ttlSeconds, expiresAt, poolId, number, direction,
				recording, consent, maxCallDurationSeconds, announcementId, ringbackToneId, groupId, region,
				regionPolicy, industrialId);
	}

	public BindRequest withDirection(String value) {
		return new BindRequest(mode, orderId, partyA, partyB, ttlSeconds, expiresAt, poolId, virtualNumber, value,
				recording, consent, maxCallDurationSeconds, announcementId, ringbackToneId, groupId, region,
				regionPolicy, industrialId);
	}

	/** Whether the carrier is to record the binding's calls. */
	public BindRequest withRecording(boolean value) {
		return new BindRequest(mode, orderId, partyA, partyB, ttlSeconds, expiresAt, poolId, virtualNumber, direction,
				value, consent, maxCallDurationSeconds, announcementId, ringbackToneId, groupId, region, regionPolicy,
				industrialId);
	}

	/**
	 * The binding's own call controls, each {@code null} for the pool's: the longest talk
	 * time (1..86400 s), the announcement played before connecting and the ring-back tone
	 * (ids the carrier maps to its media, 1..64 of {@code [A-Za-z0-9._-]}).
	 */
	public BindRequest withCallControls(@Nullable Integer maxDurationSeconds, @Nullable String announcement,
			@Nullable String ringbackTone) {
		return new BindRequest(mode, orderId, partyA, partyB, ttlSeconds, expiresAt, poolId, virtualNumber, direction,
				recording, consent, maxDurationSeconds, announcement, ringbackTone, groupId, region, regionPolicy,
				industrialId);
	}

	/**
	 * A number of the city {@code region} (a GB/T 2260 city code, {@code 440300}), else
	 * what {@code policy} allows: {@code STRICT} (that city only), {@code PROVINCE} (then
	 * its province) or {@code ANY} (then any of the platform's pools); {@code null} for
	 * the service's default, {@code PROVINCE}. The answer's {@link Binding#regionUsed()}
	 * and {@link Binding#regionMatch()} say what was leased. Not with
	 * {@link #withVirtualNumber}.
	 */
	public BindRequest withRegion(String city, @Nullable String policy) {
		return new BindRequest(mode, orderId, partyA, partyB, ttlSeconds, expiresAt, poolId, virtualNumber, direction,
				recording, consent, maxCallDurationSeconds, announcementId, ringbackToneId, groupId, city, policy,
				industrialId);
	}

	/**
	 * This lease's industrial identifier (the 700 pilot's, 1..32 of {@code [A-Za-z0-9-]}
	 * starting with a letter or digit) instead of its platform's.
	 */
	public BindRequest withIndustrialId(String id) {
		return new BindRequest(mode, orderId, partyA, partyB, ttlSeconds, expiresAt, poolId, virtualNumber, direction,
				recording, consent, maxCallDurationSeconds, announcementId, ringbackToneId, groupId, region,
				regionPolicy, id);
	}
}
