package io.numshield.console;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.net.URI;
import java.time.Duration;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * The console's settings ({@code numshield.console.*}).
 *
 * @param gatewayUrl the gateway every page calls, signed with the signed-in key
 * @param requestTimeout how long one call to the gateway may take
 * @param historySize how many samples of each pool's utilisation the chart keeps (a ring
 * in memory: the console restarts with none)
 * @param sampleSpacing samples closer together than this are not kept (several operators
 * looking at once do not fill the ring)
 * @param samplerKey an OPERATOR key ({@code keyId:secret}) the console samples
 * {@code GET /v1/pools} with on its own, every {@code sampleInterval}; without one, only
 * the pages operators open sample
 * @param sampleInterval how often the sampler asks
 * @param prometheusUrl the Prometheus whose HTTP API the live-rates page asks for the
 * services' bind and route rates; without one, the page says none is configured
 */
@Validated
@ConfigurationProperties("numshield.console")
public record ConsoleProperties(@NotNull URI gatewayUrl, @NotNull Duration requestTimeout, @Min(2) int historySize,
		@NotNull Duration sampleSpacing, @Nullable String samplerKey, @NotNull Duration sampleInterval,
		@Nullable String prometheusUrl) {

	@Override
	public String toString() {
		return "ConsoleProperties[gatewayUrl=" + gatewayUrl + ", historySize=" + historySize + ", samplerKey="
				+ (samplerKey == null ? "none" : "(set)") + ", prometheusUrl=" + prometheusUrl + "]";
	}

}
