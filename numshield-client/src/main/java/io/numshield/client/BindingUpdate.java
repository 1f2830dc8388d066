package io.numshield.client;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.time.Instant;

/** {@code PATCH /v1/bindings/{id}}: a new lifetime and/or a new party B. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record BindingUpdate(Long ttlSeconds, Instant expiresAt, String partyB) {

	public static BindingUpdate ttl(long seconds) {
		return new BindingUpdate(seconds, null, null);
	}

	public static BindingUpdate newPartyB(String partyB) {
		return new BindingUpdate(null, null, partyB);
	}
}
