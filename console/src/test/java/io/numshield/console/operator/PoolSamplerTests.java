package io.numshield.console.operator;

import static org.assertj.core.api.Assertions.assertThat;

import io.numshield.console.ConsoleProperties;
import io.numshield.console.session.GatewayApi;
import io.numshield.console.session.KeyCheckingGateway;
import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The sampler signs {@code GET /v1/pools} with its own key and feeds the chart's history;
 * without a key, or with a key the gateway refuses, it records nothing.
 */
class PoolSamplerTests {

	@Test
	void samplesThePoolsWithItsKeyIntoTheHistory() {
		try (KeyCheckingGateway gateway = new KeyCheckingGateway()) {
			PoolHistory history = sample(gateway,
					KeyCheckingGateway.OPERATOR_ID + ":" + KeyCheckingGateway.OPERATOR_SECRET, 2);
			assertThat(gateway.poolReads()).isEqualTo(2);
			assertThat(history.samples("pool-a")).hasSize(2)
				.allSatisfy(sample -> assertThat(sample.numbersInUse()).isEqualTo(2));
		}
	}

	@Test
	void withoutAKeyOrWithARefusedOneItRecordsNothing() {
		try (KeyCheckingGateway gateway = new KeyCheckingGateway()) {
			assertThat(sample(gateway, null, 1).samples("pool-a")).isEmpty();
			assertThat(gateway.poolReads()).isZero();
			assertThat(sample(gateway, KeyCheckingGateway.OPERATOR_ID + ":wrong", 1).samples("pool-a")).isEmpty();
			assertThat(sample(gateway, KeyCheckingGateway.REGULATOR_ID + ":" + KeyCheckingGateway.REGULATOR_SECRET, 1)
				.samples("pool-a")).isEmpty();
		}
	}

	private static PoolHistory sample(KeyCheckingGateway gateway, String key, int times) {
		ConsoleProperties properties = new ConsoleProperties(URI.create(gateway.url()), Duration.ofSeconds(5), 10,
				Duration.ZERO, key, Duration.ofSeconds(30), null);
		PoolHistory history = new PoolHistory(properties);
		PoolSampler sampler = new PoolSampler(properties, new GatewayApi(properties), history);
		for (int i = 0; i < times; i++) {
			sampler.sample();
		}
		return history;
	}

}
