package io.numshield.binding.lease;

import io.numshield.core.number.ManagementNumber;
import io.numshield.core.redis.BindingId;
import io.numshield.core.redis.CallControls;
import io.numshield.core.redis.LeaseCall;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * One lease attempt on one block: everything the lease script needs. Parties travel only
 * as blind indexes and one ciphertext. {@code askedIndex} is the position of an asked-for
 * number, or -1; {@code group} the AXG binding's group, else null; {@code industrialId}
 * the request's, else its platform's, else null (ADR 0028).
 */
public record LeaseCommand(BindingId bindingId, String platformId, String orderId, Mode mode, ManagementNumber block,
		int askedIndex, String partyAIndex, String partyBIndex, String parties, Direction direction, boolean recording,
		Long ttlMillis, Instant expiresAt, String consentReference, Instant consentGrantedAt, CallControls callControls,
		LeaseCall.@Nullable Group group, @Nullable String industrialId) {
}
