package io.numshield.audit.call;

import io.numshield.audit.ledger.LedgerProperties;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import java.time.Duration;
import java.time.Period;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * Call records and recording links ({@code numshield.audit.calls.*}; environment
 * {@code NUMSHIELD_AUDIT_CALLS_RETENTION} and so on).
 *
 * @param retention how long call records are kept (by {@code started_at}); at least 6
 * months, like the ledger
 * @param maxPage the most records one page may hold ({@code limit})
 * @param linkLifetime how long a recording link works after it was issued
 * @param linkBaseUrl where platforms reach the gateway: links are
 * {@code <linkBaseUrl>/v1/recordings/<token>}
 * @param linkKey the links' HMAC-SHA256 key, base64 (at least 32 bytes); empty:
 * {@code recording-link.key} in the keys directory, generated if missing
 * @param storeUrl the recording store's base URL: a location that is a key is fetched
 * from {@code <storeUrl>/<key>}, one that is a URL must start with it; empty: links are
 * issued, fetching them answers 404
 * @param storeAuthorization the {@code Authorization} header sent to the store (never to
 * a platform)
 */
@Validated
@ConfigurationProperties("numshield.audit.calls")
public record CallProperties(@NotNull Period retention, @Min(1) @Max(1000) int maxPage, @NotNull Duration linkLifetime,
		@NotNull String linkBaseUrl, @Nullable String linkKey, @Nullable String storeUrl,
		@Nullable String storeAuthorization) {

	public CallProperties {
		if (retention != null && retention.normalized().toTotalMonths() < LedgerProperties.MIN_RETENTION_MONTHS) {
			throw new IllegalArgumentException("numshield.audit.calls.retention is " + retention
					+ ": call records are kept at least " + LedgerProperties.MIN_RETENTION_MONTHS + " months");
		}
		if (linkLifetime != null && (linkLifetime.isNegative() || linkLifetime.isZero()
				|| linkLifetime.compareTo(Duration.ofHours(1)) > 0)) {
			throw new IllegalArgumentException(
					"numshield.audit.calls.link-lifetime is " + linkLifetime + ": more than 0 and at most 1h");
		}
	}

}
