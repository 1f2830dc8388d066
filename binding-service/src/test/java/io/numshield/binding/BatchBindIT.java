package io.numshield.binding;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import tools.jackson.databind.JsonNode;

/**
 * {@code POST /v1/bindings:batch} (issue 15, ADR 0023): one result per item in order, an
 * item's failure its own, the batch's shape refused as a whole, idempotent as a whole,
 * the quota shared by the items, and one platform's bindings none of another's business.
 */
class BatchBindIT extends BindingServiceITSupport {

	private static final String PATH = "/v1/bindings:batch";

	@Test
	void answersEachItemInOrderWithItsOwnResult() {
		List<String> pool = legacyPool(3, 1, 0);
		String token = platformToken(platform(List.of(pool.get(0)), null));
		Map<String, Object> unreadable = axb("ORD-M1", mobile(), mobile());
		unreadable.put("mode", "AXZ");
		Map<String, Object> noPartyB = axn("ORD-M3", mobile());
		noPartyB.put("mode", "AXB");
		List<Object> items = List.of(axb("ORD-M0", mobile(), mobile()), unreadable, axb("ORD-M2", mobile(), mobile()),
				noPartyB, axb("ORD-M4", "12345", mobile()), axb("ORD-M5", mobile(), mobile()), "not an object",
				axb("ORD-M7", mobile(), mobile()));

		Response answer = expect(call("POST", PATH, token, Map.of("bindings", items)), 200);

		JsonNode results = answer.json().get("results");
		List<Integer> statuses = new ArrayList<>();
		List<String> codes = new ArrayList<>();
		for (int i = 0; i < results.size(); i++) {
			JsonNode result = results.get(i);
			assertThat(result.get("index").asInt()).isEqualTo(i);
			statuses.add(result.get("status").asInt());
			codes.add(result.has("problem") ? result.get("problem").get("code").asString() : null);
		}
		// the bad items fail each with its own problem, in place
		for (int i : new int[] { 1, 3, 6 }) {
			assertThat(statuses.get(i)).as("item %d", i).isEqualTo(400);
			assertThat(codes.get(i)).as("item %d", i).isEqualTo("VALIDATION_FAILED");
		}
		assertThat(statuses.get(4)).isEqualTo(400);
		assertThat(codes.get(4)).isEqualTo("INVALID_PHONE_NUMBER");
		// the four good items' leases run at once on a pool of three numbers: three take
		// one
		// each, whichever comes last is refused with NO_AVAILABLE_NUMBER
		List<Integer> good = List.of(0, 2, 5, 7);
		List<Integer> created = good.stream().filter(i -> statuses.get(i) == 201).toList();
		List<Integer> refused = good.stream().filter(i -> statuses.get(i) == 409).toList();
		assertThat(created).as(statuses.toString()).hasSize(3);
		assertThat(refused).as(statuses.toString()).hasSize(1);
		assertThat(codes.get(refused.get(0))).isEqualTo("NO_AVAILABLE_NUMBER");
		assertThat(answer.json().get("created").asInt()).isEqualTo(3);
		assertThat(answer.json().get("failed").asInt()).isEqualTo(5);
		JsonNode problem = results.get(refused.get(0)).get("problem");
		assertThat(problem.get("status").asInt()).isEqualTo(409);
		assertThat(problem.get("type").asString()).isEqualTo("https://numshield.io/problems/no-available-number");
		for (int i : created) {
			JsonNode binding = results.get(i).get("binding");
			assertThat(binding.get("orderId").asString()).isEqualTo("ORD-M" + i);
			assertThat(binding.get("partyA").asString()).as("masked").contains("*");
			expect(call("GET", "/v1/bindings/" + binding.get("bindingId").asString(), token, null), 200);
		}
		assertThat(answer.bodyWithoutTraceIds()).doesNotContain("12345");
	}

	@Test
	void refusesTheBatchItselfWhenItIsEmptyTooLongOrNoBatchAndBindsNothing() {
		List<String> pool = legacyPool(2, 200, 0);
		String token = platformToken(platform(List.of(pool.get(0)), null));
		List<Object> tooMany = new ArrayList<>();
		for (int i = 0; i <= 100; i++) {
			tooMany.add(axb("ORD-L" + i, mobile(), mobile()));
		}
		for (Object bad : List.of(Map.of("bindings", List.of()), Map.of("bindings", tooMany), Map.of(),
				Map.of("bindings", "all of them"), "{\"bindings\":[", List.of(axb("ORD-L", mobile(), mobile())))) {
			Response refused = call("POST", PATH, token, bad);
			assertThat(refused.status()).isEqualTo(400);
			assertThat(refused.code()).isEqualTo("VALIDATION_FAILED");
		}
		assertThat(call("GET", "/v1/pools/" + pool.get(0), operator(), null).json().get("activeBindings").asLong())
			.isZero();
		assertThat(
				call("POST", PATH, operator(), Map.of("bindings", List.of(axb("ORD-L", mobile(), mobile())))).status())
			.as("a PLATFORM's endpoint")
			.isEqualTo(403);
	}

	@Test
	void replaysTheWholeAnswerForTheSameKeyAndBodyAndRefusesAnotherBody() {
		List<String> pool = legacyPool(2, 200, 0);
		String token = platformToken(platform(List.of(pool.get(0)), null));
		Map<String, Object> batch = Map.of("bindings",
				List.of(axb("ORD-K0", mobile(), mobile()), axb("ORD-K1", "12345", mobile())));

		Response first = expect(call("POST", PATH, token, batch, "Idempotency-Key", "batch-key-1"), 200);
		Response again = expect(call("POST", PATH, token, batch, "Idempotency-Key", "batch-key-1"), 200);

		assertThat(again.json().get("results")).isEqualTo(first.json().get("results"));
		assertThat(call("GET", "/v1/pools/" + pool.get(0), operator(), null).json().get("activeBindings").asLong())
			.as("bound once")
			.isEqualTo(1);
		Response other = call("POST", PATH, token, Map.of("bindings", List.of(axb("ORD-K2", mobile(), mobile()))),
				"Idempotency-Key", "batch-key-1");
		assertThat(other.status()).isEqualTo(422);
		assertThat(other.code()).isEqualTo("IDEMPOTENCY_KEY_REUSED");
		assertThat(
				call("POST", "/v1/bindings", token, axb("ORD-K3", mobile(), mobile()), "Idempotency-Key", "batch-key-1")
					.status())
			.as("a single create's keys are its own")
			.isEqualTo(201);
	}

	@Test
	void sharesTheQuotaAmongTheItemsSoThatExactlyWhatIsLeftIsBound() {
		List<String> pool = legacyPool(5, 200, 0);
		String token = platformToken(platform(List.of(pool.get(0)), 5L));
		expect(call("POST", "/v1/bindings", token, axb("ORD-Q0", mobile(), mobile())), 201);
		expect(call("POST", "/v1/bindings", token, axb("ORD-Q1", mobile(), mobile())), 201);
		List<Object> items = new ArrayList<>();
		for (int i = 2; i < 8; i++) {
			items.add(axb("ORD-Q" + i, mobile(), mobile()));
		}

		JsonNode results = expect(call("POST", PATH, token, Map.of("bindings", items)), 200).json().get("results");

		List<Integer> statuses = new ArrayList<>();
		results.forEach(r -> statuses.add(r.get("status").asInt()));
		assertThat(statuses).containsExactly(201, 201, 201, 429, 429, 429);
		assertThat(results.get(3).get("problem").get("code").asString()).isEqualTo("QUOTA_EXCEEDED");
		assertThat(call("GET", "/v1/pools/" + pool.get(0), operator(), null).json().get("activeBindings").asLong())
			.isEqualTo(5);
	}

	@Test
	void aPlatformBatchesInItsOwnPoolsAndSeesNoneOfAnothersBindings() {
		List<String> pool = legacyPool(2, 200, 0);
		List<String> otherPool = legacyPool(2, 200, 0);
		String token = platformToken(platform(List.of(pool.get(0)), null));
		String otherToken = platformToken(platform(List.of(otherPool.get(0)), null));
		String bindingId = expect(
				call("POST", PATH, token, Map.of("bindings", List.of(axb("ORD-T0", mobile(), mobile())))), 200)
			.json()
			.get("results")
			.get(0)
			.get("binding")
			.get("bindingId")
			.asString();

		Response notTheirs = call("GET", "/v1/bindings/" + bindingId, otherToken, null);
		assertThat(notTheirs.status()).isEqualTo(404);
		assertThat(notTheirs.code()).isEqualTo("BINDING_NOT_FOUND");
		Map<String, Object> intoAnothersPool = axb("ORD-T1", mobile(), mobile());
		intoAnothersPool.put("poolId", pool.get(0));
		JsonNode refused = expect(call("POST", PATH, otherToken, Map.of("bindings", List.of(intoAnothersPool))), 200)
			.json()
			.get("results")
			.get(0);
		assertThat(refused.get("status").asInt()).isEqualTo(404);
		assertThat(refused.get("problem").get("code").asString()).isEqualTo("POOL_NOT_FOUND");
		assertThat(call("GET", "/v1/pools/" + pool.get(0), operator(), null).json().get("activeBindings").asLong())
			.isEqualTo(1);
	}

	@Test
	void anItemNamesTheRegionThatFailedAsASingleBindWould() {
		List<String> pool = legacyPool(2, 200, 0);
		String token = platformToken(platform(List.of(pool.get(0)), null));
		Map<String, Object> strict = axb("ORD-G0", mobile(), mobile());
		strict.put("region", "440300");
		strict.put("regionPolicy", "STRICT");
		JsonNode problem = expect(call("POST", PATH, token, Map.of("bindings", List.of(strict))), 200).json()
			.get("results")
			.get(0)
			.get("problem");
		assertThat(problem.get("code").asString()).isEqualTo("NO_AVAILABLE_NUMBER");
		assertThat(problem.get("region").asString()).isEqualTo("440300");
		assertThat(problem.get("regionPolicy").asString()).isEqualTo("STRICT");
	}

}
