package io.numshield.binding.lease;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * Lease settings ({@code numshield.binding.*}; environment {@code NUMSHIELD_BINDING_*}).
 * The pools' and platforms' settings under the same prefix are theirs
 * ({@code PoolProperties}, {@code PlatformProperties}): each feature reads only its own
 * (ADR 0014).
 *
 * @param tombstoneRetention how long a finished binding is remembered (routing answers
 * BINDING_EXPIRED meanwhile)
 * @param expiryBucket width of one slot of the per-shard expiry index
 * @param sweepInterval how often each instance tries to sweep every shard
 * @param sweepBatch at most this many expiry entries per sweep script run
 * @param idempotencyTtl how long an Idempotency-Key answers its first response again
 * @param minTtl shortest lease a client may ask for (the contract's 60 s; tests shorten
 * it)
 * @param maxTtl longest lease a client may ask for (the contract's 604800 s)
 * @param auditGroup the audit service's consumer group on every shard stream
 * @param auditBacklogLimit new leases are refused (503 AUDIT_BACKLOG) while any shard has
 * more unacknowledged events
 * @param auditBacklogCheck how often the backlog of every shard is read
 */
@Validated
@ConfigurationProperties("numshield.binding")
public record LeaseProperties(@NotNull Duration tombstoneRetention, @NotNull Duration expiryBucket,
		@NotNull Duration sweepInterval, @Min(1) int sweepBatch, @NotNull Duration idempotencyTtl,
		@NotNull Duration minTtl, @NotNull Duration maxTtl, @NotBlank String auditGroup, @Min(1) long auditBacklogLimit,
		@NotNull Duration auditBacklogCheck) {
}
