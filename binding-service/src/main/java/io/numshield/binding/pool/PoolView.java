package io.numshield.binding.pool;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A pool as the API shows it. {@code utilization} is numbers in use over numbers, 0..1.
 * The call controls are absent when unset, and so are {@code cityCode} and
 * {@code provinceCode} (GB/T 2260, ADR 0023).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record PoolView(String poolId, String region, String numberKind, int maxBindingsPerNumber, long cooldownSeconds,
		int blocks, long numbers, long activeBindings, long numbersInUse, double utilization, int extensionDigits,
		int maxExtensionsPerNumber, Integer maxCallDurationSeconds, String announcementId, String ringbackToneId,
		boolean requireIdentityReport, String cityCode, String provinceCode) {
}
