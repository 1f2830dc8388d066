package io.numshield.audit.rebuild;

import jakarta.validation.constraints.NotNull;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * The lease rebuild ({@code numshield.audit.rebuild.*}). No setting of binding-service's:
 * the restore takes the expiry bucket width from the shard, where binding-service's
 * sweeper put it.
 *
 * @param failoverCheck on Redis Cluster, how often {@link FailoverReconciler} looks
 * whether a shard moved to another master
 * ({@code NUMSHIELD_AUDIT_REBUILD_FAILOVER_CHECK})
 */
@Validated
@ConfigurationProperties("numshield.audit.rebuild")
record RebuildProperties(@NotNull Duration failoverCheck) {
}
