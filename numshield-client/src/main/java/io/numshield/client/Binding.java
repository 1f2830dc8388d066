package io.numshield.client;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

import java.time.Instant;

/** A binding as the API shows it: parties masked ({@code 138****8000}). */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Binding(String bindingId, String mode, String orderId, String virtualNumber, String partyA, String partyB,
		String direction, boolean recording, Instant createdAt, Instant expiresAt, String status) {
}
