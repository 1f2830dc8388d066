package io.numshield.core.redis;

import java.time.Instant;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * A call of {@code lease.lua}: one new binding on one block, idempotent per bindingId.
 *
 * @param bindingId the new binding's id (its shard is the block's)
 * @param platformId the platform that leases
 * @param orderId the platform's order
 * @param mode AXB, AXN or AXE
 * @param managementNumber the block's management number
 * @param askedIndex the number of the block asked for, or -1 for any
 * @param partyAIndex A's blind index
 * @param partyBIndex B's blind index, or "" (AXN)
 * @param parties the parties' ciphertext
 * @param direction BOTH, A_TO_B or B_TO_A
 * @param recording whether calls are recorded
 * @param ttlMillis the binding's time to live, or null when {@code expiresAt} is given
 * @param expiresAt the binding's end, or null when {@code ttlMillis} is given
 * @param startByte where in the block's free-number bitmap the search begins (spreads
 * load)
 * @param consentReference the consent the platform recorded
 * @param consentGrantedAt when that consent was given
 * @param bucketMillis the expiry schedule's bucket width
 * @param callControls the binding's own call controls as the record stores them
 * ({@code maxDurationSeconds,announcementId,ringbackToneId}), or "" for none
 * @param group AXG: the group the binding takes its members from (ARGV 19-21, ADR 0024),
 * or null
 * @param industrialId the lease's industrial identifier (its own, else its platform's;
 * ARGV 22, ADR 0028), carried by its {@code BINDING_CREATED} event only, or null for none
 */
public record LeaseCall(String bindingId, String platformId, String orderId, String mode, String managementNumber,
		int askedIndex, String partyAIndex, String partyBIndex, String parties, String direction, boolean recording,
		Long ttlMillis, Instant expiresAt, int startByte, String consentReference, Instant consentGrantedAt,
		long bucketMillis, String callControls, @Nullable Group group,
		@Nullable String industrialId) implements ScriptCall<LeaseCall.Reply> {

	private static final String OK = "OK";

	/** A lease without an industrial identifier. */
	public LeaseCall(String bindingId, String platformId, String orderId, String mode, String managementNumber,
			int askedIndex, String partyAIndex, String partyBIndex, String parties, String direction, boolean recording,
			Long ttlMillis, Instant expiresAt, int startByte, String consentReference, Instant consentGrantedAt,
			long bucketMillis, String callControls, @Nullable Group group) {
		this(bindingId, platformId, orderId, mode, managementNumber, askedIndex, partyAIndex, partyBIndex, parties,
				direction, recording, ttlMillis, expiresAt, startByte, consentReference, consentGrantedAt, bucketMillis,
				callControls, group, null);
	}

	/** A lease that is no AXG lease. */
	public LeaseCall(String bindingId, String platformId, String orderId, String mode, String managementNumber,
			int askedIndex, String partyAIndex, String partyBIndex, String parties, String direction, boolean recording,
			Long ttlMillis, Instant expiresAt, int startByte, String consentReference, Instant consentGrantedAt,
			long bucketMillis, String callControls) {
		this(bindingId, platformId, orderId, mode, managementNumber, askedIndex, partyAIndex, partyBIndex, parties,
				direction, recording, ttlMillis, expiresAt, startByte, consentReference, consentGrantedAt, bucketMillis,
				callControls, null);
	}

	/**
	 * An AXG binding's group as the lease copies it to the binding's shard (ADR 0024).
	 *
	 * @param groupId the group
	 * @param aCallsLastMember whether A's call reaches the last member who called
	 * @param version the group's version the members are of
	 * @param memberIndexes the members' blind indexes
	 */
	public record Group(String groupId, boolean aCallsLastMember, long version, List<String> memberIndexes) {

		/** The record's group reference: the setting's flag, then the id. */
		public String reference() {
			return (aCallsLastMember ? "1" : "0") + groupId;
		}

	}

	/** A lease without call controls of its own. */
	public LeaseCall(String bindingId, String platformId, String orderId, String mode, String managementNumber,
			int askedIndex, String partyAIndex, String partyBIndex, String parties, String direction, boolean recording,
			Long ttlMillis, Instant expiresAt, int startByte, String consentReference, Instant consentGrantedAt,
			long bucketMillis) {
		this(bindingId, platformId, orderId, mode, managementNumber, askedIndex, partyAIndex, partyBIndex, parties,
				direction, recording, ttlMillis, expiresAt, startByte, consentReference, consentGrantedAt, bucketMillis,
				"", null);
	}

	private static final String EXISTS = "EXISTS";

	@Override
	public LeaseScript script() {
		return LeaseScript.LEASE;
	}

	@Override
	public List<String> arguments() {
		List<String> arguments = List.of(bindingId, platformId, orderId, mode, managementNumber,
				askedIndex < 0 ? "" : Integer.toString(askedIndex), partyAIndex, partyBIndex == null ? "" : partyBIndex,
				parties, direction, recording ? "1" : "0", ttlMillis == null ? "" : Long.toString(ttlMillis),
				expiresAt == null ? "" : Long.toString(expiresAt.toEpochMilli()), Integer.toString(startByte),
				consentReference, Long.toString(consentGrantedAt.toEpochMilli()), Long.toString(bucketMillis),
				callControls == null ? "" : callControls);
		if (group == null && industrialId == null) {
			return arguments;
		}
		List<String> longer = new java.util.ArrayList<>(arguments);
		longer.add(group == null ? "" : group.reference());
		longer.add(group == null ? "" : Long.toString(group.version()));
		longer.add(group == null ? "" : String.join(",", group.memberIndexes()));
		if (industrialId != null) {
			longer.add(industrialId);
		}
		return longer;
	}

	/**
	 * Reads {@code { result, virtualNumber, createdAtMs, expiresAtMs, extension }}; a
	 * refusal has the result only.
	 */
	@Override
	public Reply reply(List<?> values) {
		String result = ScriptCall.at(values, 0);
		if (!OK.equals(result) && !EXISTS.equals(result)) {
			return new Reply(result, null, null, null, null);
		}
		String extension = values.size() > 4 ? ScriptCall.at(values, 4) : "";
		return new Reply(result, ScriptCall.at(values, 1), millis(ScriptCall.at(values, 2)),
				millis(ScriptCall.at(values, 3)), extension.isEmpty() ? null : extension);
	}

	private static Instant millis(String value) {
		return Instant.ofEpochMilli(Long.parseLong(value));
	}

	/**
	 * What the lease script answered.
	 *
	 * @param result OK, EXISTS (this bindingId was leased before: its number and times),
	 * or why not (PLATFORM_UNKNOWN, PLATFORM_SUSPENDED, PARTY_BLOCKED, BLOCK_UNKNOWN,
	 * EXPIRY_IN_PAST, NUMBER_UNAVAILABLE, FULL)
	 * @param virtualNumber the leased number's digits, null when refused
	 * @param createdAt when the binding began, null when refused
	 * @param expiresAt when it ends, null when refused
	 * @param extension the AXE binding's extension on the number, else null
	 */
	public record Reply(String result, String virtualNumber, Instant createdAt, Instant expiresAt, String extension) {

		/**
		 * Whether the binding holds a number: just leased, or leased before under the
		 * same id.
		 */
		public boolean leased() {
			return OK.equals(result) || EXISTS.equals(result);
		}
	}
}
