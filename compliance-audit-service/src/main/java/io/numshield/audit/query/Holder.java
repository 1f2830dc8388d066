package io.numshield.audit.query;

import java.time.Instant;

/**
 * One holder of a virtual number over one period: the binding, its platform and order,
 * and the parties' full numbers (E.164). Shown to regulators only, and each look-up is an
 * ACCESS entry. {@code heldFrom}/{@code heldUntil} bound the period with these parties (a
 * PATCH of party B starts a new period); {@code releasedAt} is empty while the binding is
 * live. {@code industrialId}: the pilot's identifier the lease was made under (its own or
 * its platform's, ADR 0028), null when it had none.
 */
public record Holder(String bindingId, String platformId, String orderId, String virtualNumber, String mode,
		Instant leasedAt, Instant expiresAt, Instant releasedAt, String releaseReason, Instant heldFrom,
		Instant heldUntil, String partyA, String partyB, String industrialId) {
}
