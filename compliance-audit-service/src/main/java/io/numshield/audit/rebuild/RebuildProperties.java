package io.numshield.audit.rebuild;

import jakarta.validation.constraints.NotNull;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * The lease rebuild ({@code numshield.audit.rebuild.*}).
 *
 * @param expiryBucket width of an expiry bucket; must equal binding-service's
 * {@code numshield.binding.expiry-bucket} (default 5 s) so that its sweeper finds restored entries
 * @param failoverCheck on Redis Cluster, how often {@link FailoverReconciler} looks whether a shard
 * moved to another master ({@code NUMSHIELD_AUDIT_REBUILD_FAILOVER_CHECK})
 */
@Validated
@ConfigurationProperties("numshield.audit.rebuild")
record RebuildProperties(@NotNull Duration expiryBucket, @NotNull Duration failoverCheck) {
}
