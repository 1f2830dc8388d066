package io.numshield.support.web.hot;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import org.junit.jupiter.api.Test;

/**
 * Which endpoint template an answer is counted under, and that a counter is made once per
 * method, endpoint and status (the asynchronous path is in each service's ITs: it needs a
 * servlet container).
 */
class HotAnswerCounterTests {

	private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

	private final HotAnswerCounter counter = new HotAnswerCounter(meters, "/v1/bindings", "/v1/bindings/{bindingId}");

	@Test
	void countsUnderTheTemplateNeverTheRawPath() {
		counter.count("GET", "/v1/bindings/01ABC", 200);
		counter.count("GET", "/v1/bindings/01XYZ", 200);
		counter.count("POST", "/v1/bindings", 201);
		counter.count("POST", "/v1/bindings", 503);

		assertThat(meters.get(HotAnswerCounter.METER)
			.tags("method", "GET", "uri", "/v1/bindings/{bindingId}", "status", "200")
			.counter()
			.count()).isEqualTo(2);
		assertThat(meters.get(HotAnswerCounter.METER)
			.tags("method", "POST", "uri", "/v1/bindings", "status", "201")
			.counter()
			.count()).isEqualTo(1);
		assertThat(meters.get(HotAnswerCounter.METER).tags("status", "503").counter().count()).isEqualTo(1);
		assertThat(meters.find(HotAnswerCounter.METER).counters()).hasSize(3);
	}

	@Test
	void aPathOrMethodOutsideTheTemplatesIsOtherNotANewSeries() {
		counter.count("GET", "/v1/bindings/01ABC/extra", 404);
		counter.count("GET", "/v1/bindings/", 404);
		counter.count("BREW", "/v1/bindings", 405);

		assertThat(meters.get(HotAnswerCounter.METER).tags("uri", "other", "status", "404").counter().count())
			.isEqualTo(2);
		assertThat(meters.get(HotAnswerCounter.METER).tags("method", "other", "status", "405").counter().count())
			.isEqualTo(1);
	}

}
