package io.numshield.audit.ingest;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * Ingestion ({@code numshield.audit.*}; environment {@code NUMSHIELD_AUDIT_*}).
 *
 * @param group the consumer group on every shard stream (binding-service's backlog guard
 * reads it)
 * @param consumer this instance's consumer name; unique per instance
 * @param batch entries read per shard and round
 * @param pollInterval pause between rounds when there was nothing to read
 * @param claimIdle entries pending this long with a consumer that stopped are claimed by
 * this one
 * @param trimInterval pause between trimming rounds: each shard stream loses the entries
 * that every consumer group has acknowledged
 */
@Validated
@ConfigurationProperties("numshield.audit")
public record IngestProperties(@NotBlank String group, @NotBlank String consumer, @Min(1) int batch,
		@NotNull Duration pollInterval, @NotNull Duration claimIdle, @NotNull Duration trimInterval) {
}
