package io.numshield.binding.lease;

import jakarta.validation.constraints.Size;

import java.time.Instant;

/** {@code PATCH /v1/bindings/{id}}: a new expiry and/or a new party B. */
public record BindingChange(Integer ttlSeconds, Instant expiresAt, @Size(max = 32) String partyB) {
}
