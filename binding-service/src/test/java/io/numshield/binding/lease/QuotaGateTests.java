package io.numshield.binding.lease;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

class QuotaGateTests {

	@Test
	void farFromTheLimitItReadsOnceThenTrustsItsCount() {
		AtomicInteger reads = new AtomicInteger();
		QuotaGate gate = new QuotaGate(p -> {
			reads.incrementAndGet();
			return 10;
		});
		for (int i = 0; i < 100; i++) {
			assertThat(gate.allows("p", 10_000)).isTrue();
			gate.leased("p");
		}
		assertThat(reads).hasValue(1);
	}

	@Test
	void nearTheLimitEveryBindReadsTheExactCount() {
		AtomicLong count = new AtomicLong(95);
		AtomicInteger reads = new AtomicInteger();
		QuotaGate gate = new QuotaGate(p -> {
			reads.incrementAndGet();
			return count.get();
		});
		assertThat(gate.allows("p", 100)).isTrue();
		assertThat(gate.allows("p", 100)).isTrue();
		assertThat(reads).hasValue(2);
		count.set(100);
		assertThat(gate.allows("p", 100)).isFalse();
	}

	@Test
	void leasesOfThisInstanceBringTheExactReadBack() {
		AtomicInteger reads = new AtomicInteger();
		QuotaGate gate = new QuotaGate(p -> {
			reads.incrementAndGet();
			return 0;
		});
		assertThat(gate.allows("p", 100)).isTrue();
		for (int i = 0; i < 60; i++) {
			gate.leased("p");
		}
		gate.allows("p", 100);
		assertThat(reads).hasValue(2);
	}

}
