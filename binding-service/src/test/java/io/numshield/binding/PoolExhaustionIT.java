package io.numshield.binding;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

/**
 * NO_AVAILABLE_NUMBER comes only when no number of the pool can take the pair, and then
 * always.
 */
class PoolExhaustionIT extends BindingServiceITSupport {

	@Test
	void fillsASmallPoolToTheLastPlaceThenRefuses() {
		List<String> pool = legacyPool(3, 2, 0);
		String platformId = platform(List.of(pool.get(0)), null);
		String token = platformToken(platformId);

		List<String> leased = new ArrayList<>();
		for (int i = 0; i < 6; i++) {
			leased.add(expect(call("POST", "/v1/bindings", token, axb("ORD-F" + i, mobile(), mobile())), 201)
				.text("virtualNumber"));
		}
		Map<String, Long> perNumber = leased.stream().collect(Collectors.groupingBy(x -> x, Collectors.counting()));
		assertThat(perNumber).containsOnlyKeys(pool.subList(1, 4)).allSatisfy((x, n) -> assertThat(n).isEqualTo(2));

		Response full = call("POST", "/v1/bindings", token, axb("ORD-F6", mobile(), mobile()));
		assertThat(full.status()).isEqualTo(409);
		assertThat(full.code()).isEqualTo("NO_AVAILABLE_NUMBER");
		assertThat(call("GET", "/v1/pools/" + pool.get(0), operator(), null).json().get("activeBindings").asLong())
			.isEqualTo(6);
	}

	@Test
	void findsTheOnlyNumberThatCanTakeThePairAndRefusesWhenNoneCan() {
		List<String> pool = legacyPool(3, 2, 0);
		String platformId = platform(List.of(pool.get(0)), null);
		String token = platformToken(platformId);
		String a = mobile();
		for (String x : pool.subList(1, 3)) {
			Map<String, Object> request = axb("ORD-O", a, mobile());
			request.put("virtualNumber", x);
			expect(call("POST", "/v1/bindings", token, request), 201);
		}

		Response onlyPlace = expect(call("POST", "/v1/bindings", token, axb("ORD-O", a, mobile())), 201);
		assertThat(onlyPlace.text("virtualNumber")).isEqualTo(pool.get(3));

		// every number still has room for one pair, but A is on all of them
		Response none = call("POST", "/v1/bindings", token, axb("ORD-O", a, mobile()));
		assertThat(none.status()).isEqualTo(409);
		assertThat(none.code()).isEqualTo("NO_AVAILABLE_NUMBER");
		expect(call("POST", "/v1/bindings", token, axb("ORD-O", mobile(), mobile())), 201);
	}

	@Test
	void coolsAReleasedAxnNumberDownBeforeLeasingItAgain() throws Exception {
		List<String> pool = legacyPool(2, 200, 2);
		String platformId = platform(List.of(pool.get(0)), null);
		String token = platformToken(platformId);
		Response first = expect(call("POST", "/v1/bindings", token, axn("ORD-A1", mobile())), 201);
		expect(call("POST", "/v1/bindings", token, axn("ORD-A2", mobile())), 201);
		assertThat(call("POST", "/v1/bindings", token, axn("ORD-A3", mobile())).code())
			.isEqualTo("NO_AVAILABLE_NUMBER");

		expect(call("DELETE", "/v1/bindings/" + first.text("bindingId"), token, null), 204);
		assertThat(call("POST", "/v1/bindings", token, axn("ORD-A3", mobile())).code()).as("still cooling down")
			.isEqualTo("NO_AVAILABLE_NUMBER");

		Thread.sleep(2_500);
		Response again = expect(call("POST", "/v1/bindings", token, axn("ORD-A3", mobile())), 201);
		assertThat(again.text("virtualNumber")).isEqualTo(first.text("virtualNumber"));
	}

	@Test
	void leasesEveryNumberOfA700BlockExactlyOnceForAxn() throws Exception {
		String[] pool = segmentPool(null, 0L);
		String platformId = platform(List.of(pool[0]), null);
		String token = platformToken(platformId);
		List<String> parties = new ArrayList<>();
		for (int i = 0; i < 10_000; i++) {
			parties.add(mobile());
		}
		Map<String, Boolean> numbers = new ConcurrentHashMap<>();
		List<Integer> statuses = Collections.synchronizedList(new ArrayList<>());
		ExecutorService pool8 = Executors.newFixedThreadPool(8);
		List<Future<?>> work = new ArrayList<>();
		for (int t = 0; t < 8; t++) {
			int offset = t;
			work.add(pool8.submit(() -> {
				for (int i = offset; i < parties.size(); i += 8) {
					Response r = call("POST", "/v1/bindings", token, axn("ORD-X" + i, parties.get(i)));
					statuses.add(r.status());
					if (r.status() == 201) {
						assertThat(numbers.put(r.text("virtualNumber"), Boolean.TRUE)).as("leased twice").isNull();
					}
				}
			}));
		}
		for (Future<?> each : work) {
			each.get(5, TimeUnit.MINUTES);
		}
		pool8.shutdown();

		assertThat(statuses).hasSize(10_000).containsOnly(201);
		assertThat(numbers).hasSize(10_000);
		assertThat(numbers.keySet()).allSatisfy(x -> assertThat(x).startsWith(pool[1]));
		Response full = call("POST", "/v1/bindings", token, axn("ORD-X-last", mobile()));
		assertThat(full.code()).isEqualTo("NO_AVAILABLE_NUMBER");
		assertThat(call("GET", "/v1/pools/" + pool[0], operator(), null).json().get("utilization").asDouble())
			.isEqualTo(1.0);
	}

}
