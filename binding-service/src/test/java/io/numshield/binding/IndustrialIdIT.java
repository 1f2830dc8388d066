package io.numshield.binding;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The industrial identifier (issue 15 part 7, ADR 0028): an operator sets one on a
 * platform at its creation and by PATCH; each lease carries its own (single or batch
 * bind) or else its platform's in its BINDING_CREATED event; a bad one is refused with
 * VALIDATION_FAILED and changes nothing.
 */
class IndustrialIdIT extends BindingServiceITSupport {

	@Test
	void aLeaseCarriesItsOwnIdentifierOrItsPlatformsInItsCreatedEvent() {
		List<String> pool = legacyPool(4, 1, 0);
		String platformId = uniqueId("plat");
		Response created = expect(call("POST", "/v1/platforms", operator(), Map.of("platformId", platformId, "name",
				"Industrial", "pools", List.of(pool.get(0)), "industrialId", "MIIT-700-0001")), 201);
		assertThat(created.text("industrialId")).isEqualTo("MIIT-700-0001");
		assertThat(expect(call("GET", "/v1/platforms/" + platformId, operator(), null), 200).text("industrialId"))
			.isEqualTo("MIIT-700-0001");
		String token = platformToken(platformId);

		Response byPlatform = expect(call("POST", "/v1/bindings", token, axb("ORD-I1", mobile(), mobile())), 201);
		Map<String, Object> own = axb("ORD-I2", mobile(), mobile());
		own.put("industrialId", "ORDER-OWN-7");
		Response byRequest = expect(call("POST", "/v1/bindings", token, own), 201);
		Map<String, Object> batchItem = axb("ORD-I3", mobile(), mobile());
		batchItem.put("industrialId", "BATCH-ID-3");
		JsonNode batch = expect(call("POST", "/v1/bindings:batch", token, Map.of("bindings", List.of(batchItem))), 200)
			.json()
			.get("results")
			.get(0);
		assertThat(batch.get("status").asInt()).isEqualTo(201);

		assertThat(created(byPlatform.text("bindingId"))).containsEntry("industrialId", "MIIT-700-0001");
		assertThat(created(byRequest.text("bindingId"))).containsEntry("industrialId", "ORDER-OWN-7");
		assertThat(created(batch.get("binding").get("bindingId").asString())).containsEntry("industrialId",
				"BATCH-ID-3");

		// a later change applies to new leases; the earlier keep theirs
		Response changed = expect(
				call("PATCH", "/v1/platforms/" + platformId, operator(), Map.of("industrialId", "MIIT-700-0002")), 200);
		assertThat(changed.text("industrialId")).isEqualTo("MIIT-700-0002");
		Response after = expect(call("POST", "/v1/bindings", token, axb("ORD-I4", mobile(), mobile())), 201);
		assertThat(created(after.text("bindingId"))).containsEntry("industrialId", "MIIT-700-0002");
		assertThat(created(byPlatform.text("bindingId"))).containsEntry("industrialId", "MIIT-700-0001");
	}

	@Test
	void aLeaseWithNeitherHasNone() {
		List<String> pool = legacyPool(1, 1, 0);
		String platformId = platform(List.of(pool.get(0)), null);
		assertThat(expect(call("GET", "/v1/platforms/" + platformId, operator(), null), 200).json().has("industrialId"))
			.isFalse();
		Response bound = expect(
				call("POST", "/v1/bindings", platformToken(platformId), axb("ORD-N1", mobile(), mobile())), 201);
		assertThat(created(bound.text("bindingId"))).doesNotContainKey("industrialId");
	}

	@Test
	void refusesABadIdentifierAndChangesNothing() {
		List<String> pool = legacyPool(1, 1, 0);
		String platformId = platform(List.of(pool.get(0)), null);
		String token = platformToken(platformId);
		for (String bad : List.of("", "-LEADING-DASH", "has space", "x".repeat(33), "中文", "a|b", "=1+2")) {
			String newId = uniqueId("plat");
			Response refusedCreate = call("POST", "/v1/platforms", operator(),
					Map.of("platformId", newId, "name", "Bad", "pools", List.of(pool.get(0)), "industrialId", bad));
			assertThat(refusedCreate.status()).as(bad).isEqualTo(400);
			assertThat(refusedCreate.code()).isEqualTo("VALIDATION_FAILED");
			assertThat(call("GET", "/v1/platforms/" + newId, operator(), null).status()).as("not made").isEqualTo(404);

			Response refusedChange = call("PATCH", "/v1/platforms/" + platformId, operator(),
					Map.of("industrialId", bad));
			assertThat(refusedChange.status()).as(bad).isEqualTo(400);
			assertThat(refusedChange.code()).isEqualTo("VALIDATION_FAILED");

			Map<String, Object> bind = new HashMap<>(axb("ORD-B", mobile(), mobile()));
			bind.put("industrialId", bad);
			Response refusedBind = call("POST", "/v1/bindings", token, bind);
			assertThat(refusedBind.status()).as(bad).isEqualTo(400);
			assertThat(refusedBind.code()).isEqualTo("VALIDATION_FAILED");
			JsonNode item = expect(call("POST", "/v1/bindings:batch", token, Map.of("bindings", List.of(bind))), 200)
				.json()
				.get("results")
				.get(0);
			assertThat(item.get("status").asInt()).as(bad).isEqualTo(400);
			assertThat(item.get("problem").get("code").asString()).isEqualTo("VALIDATION_FAILED");
		}
		assertThat(expect(call("GET", "/v1/platforms/" + platformId, operator(), null), 200).json().has("industrialId"))
			.as("the platform keeps none")
			.isFalse();
		assertThat(call("GET", "/v1/pools/" + pool.get(0), operator(), null).json().get("activeBindings").asLong())
			.as("nothing leased")
			.isZero();
		assertThat(call("PATCH", "/v1/platforms/" + platformId, platformToken(platformId),
				Map.of("industrialId", "MIIT-1"))
			.status()).as("an operator's change alone").isEqualTo(403);
	}

	private Map<String, String> created(String bindingId) {
		return eventsOf(bindingId).stream()
			.filter(e -> "BINDING_CREATED".equals(e.get("type")))
			.findFirst()
			.orElseThrow(() -> new AssertionError("no BINDING_CREATED of " + bindingId));
	}

}
