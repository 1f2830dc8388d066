package io.numshield.binding.lease;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.time.Instant;

/** A binding as the API shows it: parties masked, never in full. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record BindingView(String bindingId, String mode, String orderId, String virtualNumber, String partyA,
		String partyB, String direction, boolean recording, Instant createdAt, Instant expiresAt, String status,
		Instant releasedAt, String releaseReason) {
}
