package io.numshield.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.PropertySource;
import org.springframework.core.io.ClassPathResource;

/**
 * The default per-key rates fit the measured audit ingestion: one key at its default rate
 * cannot make ledger entries faster than the audit service stores them
 * (docs/benchmarks.md).
 */
class DefaultRateTests {

	/**
	 * Entries/s the audit service drained in the benchmark ("Ingestion ceiling",
	 * docs/benchmarks.md).
	 */
	private static final int INGEST_CEILING = 4_774;

	/**
	 * Ledger entries one request can cause: a PLATFORM create and its later end; a route
	 * or call event.
	 */
	private static final int PLATFORM_ENTRIES_PER_REQUEST = 2;

	private static final int CARRIER_ENTRIES_PER_REQUEST = 1;

	@Test
	void oneKeyAtItsDefaultRateCannotOutrunTheAuditIngestion() throws Exception {
		List<PropertySource<?>> yaml = new YamlPropertySourceLoader().load("application",
				new ClassPathResource("application.yml"));
		int platform = Integer
			.parseInt(String.valueOf(yaml.get(0).getProperty("numshield.gateway.rate-limits.PLATFORM")));
		int carrier = Integer
			.parseInt(String.valueOf(yaml.get(0).getProperty("numshield.gateway.rate-limits.CARRIER")));
		assertThat(platform * PLATFORM_ENTRIES_PER_REQUEST).isLessThan(INGEST_CEILING);
		assertThat(carrier * CARRIER_ENTRIES_PER_REQUEST).isLessThan(INGEST_CEILING);
	}

}
