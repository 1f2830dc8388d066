package io.numshield.console.operator;

import io.numshield.client.NumShieldClient;
import io.numshield.console.ConsoleProperties;
import io.numshield.console.session.GatewayApi;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * With {@code numshield.console.sampler-key} set, samples {@code GET /v1/pools} every
 * {@code sample-interval} so that the chart has a history before anyone opens the page.
 * Without it, only operators' page views (and the page's refresh) sample.
 */
@Component
class PoolSampler {

	private static final Logger log = LoggerFactory.getLogger(PoolSampler.class);

	private final ConsoleProperties properties;

	private final GatewayApi gateway;

	private final PoolHistory history;

	PoolSampler(ConsoleProperties properties, GatewayApi gateway, PoolHistory history) {
		this.properties = properties;
		this.gateway = gateway;
		this.history = history;
	}

	@Scheduled(fixedDelayString = "${numshield.console.sample-interval}",
			initialDelayString = "${numshield.console.sample-interval}")
	void sample() {
		String key = properties.samplerKey();
		if (key == null || key.isBlank() || !key.contains(":")) {
			return;
		}
		try {
			NumShieldClient client = gateway.client(key.substring(0, key.indexOf(':')),
					key.substring(key.indexOf(':') + 1));
			NumShieldClient.Answer answer = client.exchange("GET", "/v1/pools", null, null);
			if (answer.status() == 200) {
				history.record(answer.as(PoolSnapshot.PoolList.class).pools(), Clock.systemUTC().instant());
			}
			else {
				log.warn("pool sample refused: {} {}", answer.status(), answer.code());
			}
		}
		catch (RuntimeException ex) {
			log.warn("pool sample failed: {}", ex.toString());
		}
	}

}
