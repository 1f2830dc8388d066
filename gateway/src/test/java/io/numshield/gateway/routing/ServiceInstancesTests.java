package io.numshield.gateway.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

class ServiceInstancesTests {

	private static final URI A = URI.create("http://127.0.0.1:9001");

	private static final URI B = URI.create("http://127.0.0.1:9002");

	private static final URI C = URI.create("http://127.0.0.1:9003");

	private final AtomicLong now = new AtomicLong(1_000_000_000L);

	private ServiceInstances instances(URI... uris) {
		return new ServiceInstances(List.of(uris), Duration.ofSeconds(2), now::get);
	}

	@Test
	void spreadsRequestsRoundRobinAndOffersEveryInstanceToEachRequest() {
		ServiceInstances three = instances(A, B, C);
		Map<URI, Integer> first = new HashMap<>();
		for (int i = 0; i < 300; i++) {
			List<URI> order = three.order();
			assertThat(order).containsExactlyInAnyOrder(A, B, C);
			first.merge(order.get(0), 1, Integer::sum);
		}
		assertThat(first).containsEntry(A, 100).containsEntry(B, 100).containsEntry(C, 100);
	}

	@Test
	void anInstanceThatRefusedIsTriedLastUntilItsTimeIsOver() {
		ServiceInstances three = instances(A, B, C);
		three.refused(B);
		for (int i = 0; i < 6; i++) {
			assertThat(three.order()).hasSize(3).last().isEqualTo(B);
		}
		now.addAndGet(Duration.ofSeconds(2).toNanos());
		List<URI> firsts = new ArrayList<>();
		for (int i = 0; i < 3; i++) {
			firsts.add(three.order().get(0));
		}
		assertThat(firsts).contains(B);
	}

	@Test
	void anInstanceThatAnsweredIsUpAtOnce() {
		ServiceInstances two = instances(A, B);
		two.refused(A);
		assertThat(two.order()).containsExactly(B, A);
		assertThat(two.order()).containsExactly(B, A);
		two.answered(A);
		assertThat(List.of(two.order().get(0), two.order().get(0))).containsExactlyInAnyOrder(A, B);
	}

	@Test
	void whenEveryInstanceRefusedEachIsStillTried() {
		ServiceInstances two = instances(A, B);
		two.refused(A);
		two.refused(B);
		assertThat(two.order()).containsExactlyInAnyOrder(A, B);
	}

	@Test
	void aSingleInstanceIsAlwaysTheOneTried() {
		ServiceInstances one = instances(A);
		one.refused(A);
		assertThat(one.order()).containsExactly(A);
	}

	@Test
	void aServiceWithoutInstancesIsRefused() {
		assertThatThrownBy(() -> new ServiceInstances(List.of(), Duration.ofSeconds(2), now::get))
			.isInstanceOf(IllegalArgumentException.class);
	}

}
