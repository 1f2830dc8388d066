package io.numshield.binding.number;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * Number lifecycle settings ({@code numshield.binding.numbers.*}; environment
 * {@code NUMSHIELD_BINDING_NUMBERS_*}).
 *
 * @param flagThreshold carriers' flags of one number within {@code flagWindow} that
 * quarantine it (reason CARRIER_FLAGS)
 * @param flagWindow how far back flags count
 * @param flagQuarantine how long such an automatic quarantine lasts; zero: until an
 * operator lifts it
 * @param listingScan numbers a page of {@code GET .../numbers} looks at, at most (a page
 * filtered by state may so hold fewer than {@code limit} numbers and a next cursor)
 */
@Validated
@ConfigurationProperties("numshield.binding.numbers")
public record NumberProperties(@Min(1) int flagThreshold, @NotNull Duration flagWindow,
		@NotNull Duration flagQuarantine, @Min(1) @Max(10_000) int listingScan) {
}
