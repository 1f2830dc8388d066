package io.numshield.client;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.time.Instant;

/**
 * {@code POST /v1/bindings}. Build one with {@link #axb} or {@link #axn} and adjust with
 * the {@code with*} methods; absent fields take the service's defaults.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record BindRequest(String mode, String orderId, String partyA, String partyB, Long ttlSeconds, Instant expiresAt,
		String poolId, String virtualNumber, String direction, Boolean recording, Consent consent) {

	/** The user's choice of number protection: required by the contract. */
	public record Consent(String reference, Instant grantedAt) {
	}

	public static BindRequest axb(String orderId, String partyA, String partyB, long ttlSeconds, Consent consent) {
		return new BindRequest("AXB", orderId, partyA, partyB, ttlSeconds, null, null, null, null, null, consent);
	}

	public static BindRequest axn(String orderId, String partyA, long ttlSeconds, Consent consent) {
		return new BindRequest("AXN", orderId, partyA, null, ttlSeconds, null, null, null, null, null, consent);
	}

	public BindRequest withPool(String pool) {
		return new BindRequest(mode, orderId, partyA, partyB, ttlSeconds, expiresAt, pool, virtualNumber, direction,
				recording, consent);
	}

	public BindRequest withVirtualNumber(String number) {
		return new BindRequest(mode, orderId, partyA, partyB, ttlSeconds, expiresAt, poolId, number, direction,
				recording, consent);
	}

	public BindRequest withDirection(String value) {
		return new BindRequest(mode, orderId, partyA, partyB, ttlSeconds, expiresAt, poolId, virtualNumber, value,
				recording, consent);
	}
}
