package io.numshield.audit.signal;

import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import java.time.Duration;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * Fraud signals ({@code numshield.audit.signals.*}; environment
 * {@code NUMSHIELD_AUDIT_SIGNALS_INTERVAL}, {@code NUMSHIELD_AUDIT_SIGNALS_WEBHOOK_URL}
 * and so on). Each kind's definition is in ADR 0029 and docs/compliance.md.
 *
 * @param enabled whether the detector runs at all (each kind has its own switch too)
 * @param interval pause between detection runs; a run reads the ledger's rows since the
 * last one
 * @param batch the most ledger rows one transaction of a run reads (a run takes as many
 * batches as it needs to catch up)
 * @param yieldAbove a scheduled run stops between batches while this instance's ingestion
 * writes entries later than this after they occurred (the audit lag), and takes up again
 * at the next interval: detection can wait, the ledger cannot
 * @param maxDelay how long detection may yield: once the oldest row not yet read was
 * recorded longer ago than this, a run reads on however busy ingestion is
 * @param partyManyPlatforms one real number bound through many platforms' orders: the
 * threshold is distinct platforms, the minimum volume bindings
 * @param callerScanning one caller refused as no party on many virtual numbers: the
 * threshold is distinct virtual numbers, the minimum volume refused calls
 * @param platformRefusalRate a platform whose calls are refused or very short far more
 * often than its peers': the threshold is a factor over the peers' median rate, the
 * minimum volume calls (of the platform and of each peer counted)
 * @param numberRecycledCalled a number released, leased again and called within the
 * window after the release: the threshold is calls
 * @param aManyCustomers a party A bound to many customers: the threshold is distinct
 * party B numbers, the minimum volume bindings
 * @param shortCall a connected call that ended with less talk time than this is "very
 * short" (PLATFORM_REFUSAL_RATE)
 * @param minRefusalRate PLATFORM_REFUSAL_RATE is never raised below this rate, however
 * low the peers' median (0..1)
 * @param webhook where new signals are pushed, if anywhere
 */
@Validated
@ConfigurationProperties("numshield.audit.signals")
public record SignalProperties(boolean enabled, @NotNull Duration interval, @Min(100) @Max(1_000_000) int batch,
		@NotNull Duration yieldAbove, @NotNull Duration maxDelay, @NotNull @Valid Rule partyManyPlatforms,
		@NotNull @Valid Rule callerScanning, @NotNull @Valid Rule platformRefusalRate,
		@NotNull @Valid Rule numberRecycledCalled, @NotNull @Valid Rule aManyCustomers, @NotNull Duration shortCall,
		@DecimalMin("0") @DecimalMax("1") double minRefusalRate, @NotNull @Valid Webhook webhook) {

	/**
	 * One kind's settings.
	 *
	 * @param enabled whether the kind is detected
	 * @param window the length of its windows (tumbling: aligned to the epoch, UTC)
	 * @param threshold the observed value at or above which it is raised
	 * @param minVolume the least number of events (bindings, calls) a subject needs in a
	 * window before it is judged
	 */
	public record Rule(boolean enabled, @NotNull Duration window, @DecimalMin("0") double threshold,
			@Min(1) int minVolume) {

		public Rule {
			if (window != null
					&& (window.compareTo(Duration.ofMinutes(1)) < 0 || window.compareTo(Duration.ofDays(1)) > 0
							|| Duration.ofDays(1).toMillis() % window.toMillis() != 0)) {
				throw new IllegalArgumentException("a signal window is " + window
						+ ": from 1 minute to 1 day, and a day must hold a whole number of them");
			}
		}

	}

	/**
	 * The regulators' webhook.
	 *
	 * @param url where each new signal is POSTed as JSON; empty: nowhere
	 * @param secret the signing secret ({@code whsec_} + base64, as platforms' callback
	 * secrets): each push carries the Standard Webhooks headers {@code webhook-id},
	 * {@code webhook-timestamp} and {@code webhook-signature}
	 * @param attempts how many times a push is tried before it is given up (logged)
	 * @param timeout each attempt's connect and answer timeout
	 */
	public record Webhook(@Nullable String url, @Nullable String secret, @Min(1) @Max(10) int attempts,
			@NotNull Duration timeout) {

		public Webhook {
			if (url != null && !url.isBlank() && (secret == null || secret.isBlank())) {
				throw new IllegalArgumentException(
						"numshield.audit.signals.webhook.url is set: numshield.audit.signals.webhook.secret is required");
			}
		}

		boolean configured() {
			return url != null && !url.isBlank();
		}

	}

}
