package io.numshield.binding;

import static org.assertj.core.api.Assertions.assertThat;

import io.numshield.core.number.VirtualNumber;
import io.numshield.core.number.VirtualShard;
import io.numshield.core.redis.BindingRecord;
import io.numshield.core.redis.RedisKeys;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.redisson.api.RMap;
import org.redisson.client.codec.StringCodec;

/**
 * Sixteen clients bind (AXB and AXN) and release overlapping parties on a pool small
 * enough that they fight for every place, until {@value #BINDINGS} bindings were created
 * (or {@code numshield.it.soak-seconds}, default 120, passed: the test then fails). A
 * count rather than a duration: the same contention on a fast machine and a loaded one,
 * and no longer than it takes. Afterwards the live state in Redis must hold every rule:
 * no real number twice on one virtual number, no AXN number shared, no AXB number over
 * its pair limit, counters equal to what is there, and exactly one BINDING_CREATED (and
 * at most one end) in the streams per binding. No client sees a 5xx.
 */
class ConcurrencyIT extends BindingServiceITSupport {

	private static final int CLIENTS = 16;

	private static final int MAX_PER_NUMBER = 4;

	private static final int BINDINGS = 200;

	@Test
	void sixteenClientsBindingAndReleasingBreakNoRule() throws Exception {
		List<String> pool = legacyPool(6, MAX_PER_NUMBER, 0);
		String platformId = platform(List.of(pool.get(0)), null);
		String token = platformToken(platformId);
		List<String> parties = new ArrayList<>();
		for (int i = 0; i < 14; i++) {
			parties.add(mobile());
		}
		long seconds = Long.getLong("numshield.it.soak-seconds", 120);
		Instant end = Instant.now().plusSeconds(seconds);
		Set<String> created = ConcurrentHashMap.newKeySet();
		Set<String> deleted = ConcurrentHashMap.newKeySet();
		Map<Integer, AtomicInteger> statuses = new ConcurrentHashMap<>();
		List<String> serverErrors = Collections.synchronizedList(new ArrayList<>());

		ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
		List<Future<?>> work = new ArrayList<>();
		for (int c = 0; c < CLIENTS; c++) {
			int client = c;
			work.add(clients.submit(() -> {
				List<String> mine = new ArrayList<>();
				ThreadLocalRandom random = ThreadLocalRandom.current();
				int n = 0;
				while (created.size() < BINDINGS && Instant.now().isBefore(end)) {
					Response r;
					if (!mine.isEmpty() && random.nextInt(100) < 45) {
						String id = mine.remove(random.nextInt(mine.size()));
						r = call("DELETE", "/v1/bindings/" + id, token, null);
						if (r.status() == 204) {
							deleted.add(id);
						}
					}
					else {
						String a = parties.get(random.nextInt(parties.size()));
						String b = parties.get(random.nextInt(parties.size()));
						String order = "ORD-C" + client + "-" + n++;
						r = random.nextInt(100) < 25 ? call("POST", "/v1/bindings", token, axn(order, a))
								: a.equals(b) ? call("POST", "/v1/bindings", token, axn(order, a))
										: call("POST", "/v1/bindings", token, axb(order, a, b));
						if (r.status() == 201) {
							created.add(r.text("bindingId"));
							mine.add(r.text("bindingId"));
						}
						else if (r.status() < 500) {
							assertThat(r.code()).isIn("NO_AVAILABLE_NUMBER");
						}
					}
					statuses.computeIfAbsent(r.status(), s -> new AtomicInteger()).incrementAndGet();
					if (r.status() >= 500) {
						serverErrors.add(r.body());
					}
				}
			}));
		}
		for (Future<?> each : work) {
			each.get(seconds + 120, TimeUnit.SECONDS);
		}
		clients.shutdown();

		assertThat(serverErrors).isEmpty();
		assertThat(statuses.keySet()).contains(201, 204, 409);
		assertThat(created.size()).isGreaterThanOrEqualTo(BINDINGS);

		// the live state, read straight from Redis
		Instant now = Instant.now();
		Map<String, BindingRecord> active = new HashMap<>();
		for (VirtualShard shard : VirtualShard.all()) {
			RMap<String, String> bindings = redisson.getMap(keys.bindings(shard), StringCodec.INSTANCE);
			for (Map.Entry<String, String> entry : bindings.readAllMap().entrySet()) {
				BindingRecord record = BindingRecord.parse(entry.getValue());
				if (record.platformId().equals(platformId) && record.activeAt(now)) {
					active.put(RedisKeys.listedBinding(shard, entry.getKey()).value(), record);
				}
			}
		}
		Map<String, List<BindingRecord>> byNumber = new HashMap<>();
		active.values()
			.forEach(r -> byNumber.computeIfAbsent(r.virtualNumber().digits(), x -> new ArrayList<>()).add(r));
		for (Map.Entry<String, List<BindingRecord>> number : byNumber.entrySet()) {
			List<BindingRecord> on = number.getValue();
			Set<String> partiesOnNumber = new HashSet<>();
			for (BindingRecord r : on) {
				assertThat(partiesOnNumber.add(r.partyAIndex())).as("party twice on " + number.getKey()).isTrue();
				if (!r.partyBIndex().isEmpty()) {
					assertThat(partiesOnNumber.add(r.partyBIndex())).as("party twice on " + number.getKey()).isTrue();
				}
			}
			if (on.stream().anyMatch(r -> r.mode().equals("AXN"))) {
				assertThat(on).as("AXN number shared: " + number.getKey()).hasSize(1);
			}
			assertThat(on.size()).isLessThanOrEqualTo(MAX_PER_NUMBER);
		}
		for (Map.Entry<String, BindingRecord> each : active.entrySet()) {
			VirtualNumber x = each.getValue().virtualNumber();
			RMap<String, String> routes = redisson.getMap(keys.routes(x), StringCodec.INSTANCE);
			String alone = redisson.<String, String>getMap(keys.singles(x), StringCodec.INSTANCE)
				.get(Integer.toString(x.indexInBlock()));
			// A reaches the binding: a route entry of its own, or the pair is alone on X
			// (ADR 0003)
			assertThat(each.getKey()).isIn(routes.get(each.getValue().partyAIndex()), alone);
		}
		assertThat(active.keySet()).containsExactlyInAnyOrderElementsOf(difference(created, deleted));
		assertThat(call("GET", "/v1/pools/" + pool.get(0), operator(), null).json().get("activeBindings").asLong())
			.isEqualTo(active.size());
		// the platform's own count in the pool (ADR 0025) kept by the same scripts
		assertThat(call("GET", "/v1/inventory", token, null).json().get("pools").get(0).get("activeBindings").asLong())
			.isEqualTo(active.size());

		Map<String, Map<String, Integer>> eventsByBinding = new HashMap<>();
		for (Map<String, String> event : allEvents()) {
			if (event.get("bindingId") != null && created.contains(event.get("bindingId"))) {
				eventsByBinding.computeIfAbsent(event.get("bindingId"), k -> new HashMap<>())
					.merge(event.get("type"), 1, Integer::sum);
			}
		}
		for (String id : created) {
			Map<String, Integer> types = eventsByBinding.getOrDefault(id, Map.of());
			assertThat(types.get("BINDING_CREATED")).as(id).isEqualTo(1);
			int ends = types.getOrDefault("BINDING_RELEASED", 0) + types.getOrDefault("BINDING_EXPIRED", 0);
			assertThat(ends).as(id).isEqualTo(deleted.contains(id) ? 1 : 0);
		}
		System.out.printf("concurrency: %d s, statuses %s, %d created, %d released, %d active at the end%n", seconds,
				statuses, created.size(), deleted.size(), active.size());
	}

	private static Set<String> difference(Set<String> a, Set<String> b) {
		Set<String> result = new HashSet<>(a);
		result.removeAll(b);
		return result;
	}

}
