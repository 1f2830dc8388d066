package io.numshield.gateway.apikey;

import jakarta.validation.constraints.NotNull;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * API keys.
 *
 * @param keyCacheTtl how long an API key (or its absence) is cached; bounds how late a
 * revocation takes effect on other gateway instances (contract: 5 s, so larger is
 * refused)
 * @param bootstrapOperatorKey {@code <keyId>:<secret>} of the first operator key, or two
 * such keys comma-separated: the second operator that approves OPERATOR and REGULATOR
 * keys ({@code NUMSHIELD_BOOTSTRAP_OPERATOR_KEY}); empty: none
 * @param pendingApproval how long an OPERATOR or REGULATOR key waits for a second
 * operator's approval; after that it can only be revoked (and a new one issued)
 */
@Validated
@ConfigurationProperties("numshield.gateway")
record ApiKeyProperties(@DefaultValue("2s") @NotNull Duration keyCacheTtl, String bootstrapOperatorKey,
		@DefaultValue("24h") @NotNull Duration pendingApproval) {

	ApiKeyProperties {
		if (keyCacheTtl.compareTo(Duration.ofSeconds(5)) > 0) {
			throw new IllegalArgumentException(
					"numshield.gateway.key-cache-ttl above 5s would let a revoked key live too long");
		}
		if (pendingApproval.isNegative() || pendingApproval.isZero()) {
			throw new IllegalArgumentException("numshield.gateway.pending-approval must be positive");
		}
	}
}
