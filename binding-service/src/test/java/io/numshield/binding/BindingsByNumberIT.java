package io.numshield.binding;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import tools.jackson.databind.JsonNode;

/**
 * {@code GET /v1/bindings?virtualNumber=} (ADR 0025): the platform's own active bindings
 * on X, the answer shaped as {@code ?orderId=}'s, found by a read-only script on X's
 * shard: a pair alone on X, pairs sharing X, an AXN holder, AXE extensions (all, or one).
 * Another platform's bindings on the same X are never listed.
 */
class BindingsByNumberIT extends BindingServiceITSupport {

	@Test
	void findsAPairAloneOnItsNumberAndForgetsItWhenItEnds() {
		String[] pool = segmentPool(null, null);
		String platformId = platform(List.of(pool[0]), null);
		String token = platformToken(platformId);
		Response bound = expect(call("POST", "/v1/bindings", token, axb("ORD-X-1", mobile(), mobile())), 201);
		String x = bound.text("virtualNumber");

		JsonNode found = byNumber(token, x);
		assertThat(ids(found)).containsExactly(bound.text("bindingId"));
		JsonNode one = found.get("bindings").get(0);
		assertThat(one.get("orderId").asString()).isEqualTo("ORD-X-1");
		assertThat(one.get("status").asString()).isEqualTo("ACTIVE");
		assertThat(one.get("partyA").asString()).contains("****");
		// the same shape as the look-up by order
		JsonNode byOrder = expect(call("GET", "/v1/bindings?orderId=ORD-X-1", token, null), 200).json();
		assertThat(found).isEqualTo(byOrder);
		// +86 in front is the same number
		assertThat(ids(byNumber(token, "%2B86" + x))).containsExactly(bound.text("bindingId"));

		expect(call("DELETE", "/v1/bindings/" + bound.text("bindingId"), token, null), 204);
		assertThat(ids(byNumber(token, x))).isEmpty();
	}

	@Test
	void findsEveryPairSharingXButOnlyThePlatformsOwn() {
		List<String> pool = legacyPool(1, 5, 0);
		String x = pool.get(1);
		String mine = platform(List.of(pool.get(0)), null);
		String theirs = platform(List.of(pool.get(0)), null);
		List<String> myIds = new ArrayList<>();
		for (int i = 0; i < 3; i++) {
			myIds.add(expect(call("POST", "/v1/bindings", platformToken(mine), axb("ORD-S-" + i, mobile(), mobile())),
					201)
				.text("bindingId"));
		}
		String their = expect(call("POST", "/v1/bindings", platformToken(theirs), axb("ORD-S-T", mobile(), mobile())),
				201)
			.text("bindingId");

		assertThat(ids(byNumber(platformToken(mine), x))).containsExactlyInAnyOrderElementsOf(myIds);
		assertThat(ids(byNumber(platformToken(theirs), x))).containsExactly(their);

		expect(call("DELETE", "/v1/bindings/" + myIds.get(0), platformToken(mine), null), 204);
		assertThat(ids(byNumber(platformToken(mine), x))).containsExactlyInAnyOrder(myIds.get(1), myIds.get(2));
	}

	@Test
	void findsAnAxnHolder() {
		String[] pool = segmentPool(null, null);
		String platformId = platform(List.of(pool[0]), null);
		String other = platform(List.of(pool[0]), null);
		Response held = expect(call("POST", "/v1/bindings", platformToken(platformId), axn("ORD-N", mobile())), 201);

		assertThat(ids(byNumber(platformToken(platformId), held.text("virtualNumber"))))
			.containsExactly(held.text("bindingId"));
		assertThat(ids(byNumber(platformToken(other), held.text("virtualNumber")))).isEmpty();
	}

	@Test
	void findsAxeExtensionsAllOrOne() {
		String poolId = uniqueId("axe");
		expect(call("POST", "/v1/pools", operator(), Map.of("poolId", poolId, "numberKind", "LEGACY", "extensionDigits",
				2, "maxExtensionsPerNumber", 90, "cooldownSeconds", 0)), 201);
		String x = nextLegacyNumber();
		expect(call("POST", "/v1/pools/" + poolId + "/blocks", operator(), Map.of("numbers", List.of(x))), 201);
		String platformId = platform(List.of(poolId), null);
		String other = platform(List.of(poolId), null);
		String token = platformToken(platformId);
		Response first = expect(call("POST", "/v1/bindings", token, AxeBindingIT.axe("ORD-E-1", mobile(), null)), 201);
		Response second = expect(call("POST", "/v1/bindings", token, AxeBindingIT.axe("ORD-E-2", mobile(), mobile())),
				201);
		String foreign = expect(
				call("POST", "/v1/bindings", platformToken(other), AxeBindingIT.axe("ORD-E-3", mobile(), null)), 201)
			.text("bindingId");

		assertThat(ids(byNumber(token, x))).containsExactlyInAnyOrder(first.text("bindingId"),
				second.text("bindingId"));
		String ext = second.text("extension");
		assertThat(ids(find(token, "virtualNumber=" + x + "&extension=" + ext)))
			.containsExactly(second.text("bindingId"));
		assertThat(ids(byNumber(token, x + "," + ext))).containsExactly(second.text("bindingId"));
		assertThat(ids(byNumber(platformToken(other), x))).containsExactly(foreign);
		assertThat(ids(find(platformToken(other), "virtualNumber=" + x + "&extension=" + ext))).isEmpty();
	}

	@Test
	void refusesAnythingButExactlyOneOfOrderAndNumber() {
		String[] pool = segmentPool(null, null);
		String token = platformToken(platform(List.of(pool[0]), null));
		for (String query : List.of("", "?orderId=O-1&virtualNumber=" + pool[1] + "0001",
				"?orderId=O-1&extension=12")) {
			Response refused = call("GET", "/v1/bindings" + query, token, null);
			assertThat(refused.status()).as(query).isEqualTo(400);
			assertThat(refused.code()).as(query).isEqualTo("VALIDATION_FAILED");
		}
		for (String query : List.of("virtualNumber=12345", "virtualNumber=700abc",
				"virtualNumber=" + pool[1] + "0001&extension=1234567",
				"virtualNumber=" + pool[1] + "0001&extension=x")) {
			Response refused = call("GET", "/v1/bindings?" + query, token, null);
			assertThat(refused.status()).as(query).isEqualTo(400);
			assertThat(refused.code()).as(query).isEqualTo("INVALID_VIRTUAL_NUMBER");
		}
		// a well-formed number that no binding holds
		assertThat(ids(byNumber(token, pool[1] + "0001"))).isEmpty();
	}

	private JsonNode byNumber(String token, String x) {
		return find(token, "virtualNumber=" + x.replace(",", "%2C"));
	}

	private JsonNode find(String token, String query) {
		return expect(call("GET", "/v1/bindings?" + query, token, null), 200).json();
	}

	private static List<String> ids(JsonNode answer) {
		List<String> ids = new ArrayList<>();
		answer.get("bindings").forEach(b -> ids.add(b.get("bindingId").asString()));
		return ids;
	}

}
