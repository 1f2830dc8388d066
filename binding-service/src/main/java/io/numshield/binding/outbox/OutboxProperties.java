package io.numshield.binding.outbox;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * The outbox relay ({@code numshield.binding.outbox.*}; environment
 * {@code NUMSHIELD_BINDING_OUTBOX_*}).
 *
 * @param interval how often each instance tries to take the relay's lock and drain the
 * outbox (it also drains right after each change's commit); an event waits at most about
 * this long once Redis is back
 * @param batch at most this many rows per relay transaction
 */
@Validated
@ConfigurationProperties("numshield.binding.outbox")
public record OutboxProperties(@NotNull Duration interval, @Min(1) int batch) {
}
