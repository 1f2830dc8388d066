package io.numshield.binding.lease;

import io.numshield.binding.pool.RegionCodes;
import io.numshield.core.id.IndustrialId;
import io.numshield.core.id.OrderId;
import io.numshield.core.id.PoolId;

import io.numshield.core.redis.BindingId;
import io.numshield.core.redis.CallControls;
import io.numshield.support.web.hot.Violations;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import java.time.Instant;

/**
 * {@code POST /v1/bindings}, as the contract has it. Cross-field rules and the TTL range
 * ({@code numshield.binding.min-ttl}..{@code max-ttl}, 60 s..7 days) are in
 * {@link BindingService}. {@code region} and {@code regionPolicy}: ADR 0023.
 * {@code industrialId}: overrides the platform's for this lease (ADR 0028).
 */
public record BindingRequest(@NotNull Mode mode,
		@NotNull @Pattern(regexp = OrderId.PATTERN, message = "must be 1..64 of [A-Za-z0-9._:-]") String orderId,
		@NotBlank @Size(max = 32) String partyA, @Size(max = 32) String partyB, Integer ttlSeconds, Instant expiresAt,
		@Pattern(regexp = PoolId.PATTERN) String poolId, @Size(max = 20) String virtualNumber, Direction direction,
		Boolean recording, @NotNull @Valid Consent consent,
		@Min(1) @Max(CallControls.MAX_DURATION_LIMIT) Integer maxCallDurationSeconds,
		@Pattern(regexp = CallControls.ID_PATTERN, message = "must be 1..64 of [A-Za-z0-9._-]") String announcementId,
		@Pattern(regexp = CallControls.ID_PATTERN, message = "must be 1..64 of [A-Za-z0-9._-]") String ringbackToneId,
		@Pattern(regexp = BindingId.PATTERN, message = "must be a groupId") String groupId,
		@Pattern(regexp = RegionCodes.CITY_PATTERN, message = "must be a GB/T 2260 city code (PPCC00)") String region,
		RegionPolicy regionPolicy,
		@Pattern(regexp = IndustrialId.PATTERN, message = IndustrialId.RULE) String industrialId) {

	private static final java.util.regex.Pattern CONTROL_ID = java.util.regex.Pattern.compile(CallControls.ID_PATTERN);

	private static final java.util.regex.Pattern CITY = java.util.regex.Pattern.compile(RegionCodes.CITY_PATTERN);

	/**
	 * The annotations above, in code, for the hot path ({@link Violations}; the tests
	 * hold the two to the same answers).
	 */
	public void check(Violations v) {
		v.notNull("mode", mode)
			.notNull("orderId", orderId)
			.id("orderId", orderId, OrderId::isValid, "must be 1..64 of [A-Za-z0-9._:-]")
			.notBlank("partyA", partyA)
			.size("partyA", partyA, 0, 32)
			.size("partyB", partyB, 0, 32)
			.id("poolId", poolId, PoolId::isValid, "must match \"" + PoolId.PATTERN + "\"")
			.size("virtualNumber", virtualNumber, 0, 20)
			.notNull("consent", consent)
			.range("maxCallDurationSeconds", maxCallDurationSeconds, 1, CallControls.MAX_DURATION_LIMIT)
			.pattern("announcementId", announcementId, CONTROL_ID, "must be 1..64 of [A-Za-z0-9._-]")
			.pattern("ringbackToneId", ringbackToneId, CONTROL_ID, "must be 1..64 of [A-Za-z0-9._-]")
			.id("groupId", groupId, BindingId::isValid, "must be a groupId")
			.pattern("region", region, CITY, "must be a GB/T 2260 city code (PPCC00)")
			.id("industrialId", industrialId, IndustrialId::isValid, IndustrialId.RULE);
		if (consent != null) {
			v.notBlank("consent.reference", consent.reference())
				.size("consent.reference", consent.reference(), 0, 128)
				.notNull("consent.grantedAt", consent.grantedAt());
		}
	}

	/** The binding's own call controls: each one given overrides its pool's. */
	public CallControls callControls() {
		return new CallControls(maxCallDurationSeconds, announcementId, ringbackToneId);
	}

	/** The user's choice of number protection. */
	public record Consent(@NotBlank @Size(max = 128) String reference, @NotNull Instant grantedAt) {
	}
}
