package io.numshield.audit.ledger;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * Regulators' long questions ({@code verify}, {@code events}, {@code checkpoints};
 * {@code numshield.audit.query.*}, environment {@code NUMSHIELD_AUDIT_QUERY_POOL_SIZE}
 * and so on): bounded, on a connection pool of their own, a few at a time.
 *
 * @param poolSize connections of the regulators' pool, separate from the pool that
 * ingestion and trace use, so that an export never takes a connection the ingestor needs
 * @param maxConcurrent {@code verify} and {@code events} running at once; one more is 503
 * {@code AUDIT_BUSY} with {@code Retry-After}
 * @param maxSpan the longest [from, to) a question may cover; longer is 400
 * {@code VALIDATION_FAILED}
 * @param maxRows the most entries one {@code verify} or {@code events} may cover; more is
 * 400 {@code VALIDATION_FAILED}
 * @param retryAfter what {@code Retry-After} says when the questions are busy
 */
@Validated
@ConfigurationProperties("numshield.audit.query")
public record QueryProperties(@Min(1) int poolSize, @Min(1) int maxConcurrent, @NotNull Duration maxSpan,
		@Min(1) long maxRows, @NotNull Duration retryAfter) {
}
