package io.numshield.binding;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/**
 * A bind's {@code region} and {@code regionPolicy} (issue 15, ADR 0023): pools carry a
 * city and a province code; a bind is served from the city's pools first, then (PROVINCE,
 * the default) the province's, then (ANY) any pool of the platform, in the platform's
 * preference order within each level; STRICT stays in the city. Every pool here has one
 * number that takes one pair, so each bind fills one pool.
 */
class RegionIT extends BindingServiceITSupport {

	private static final String SHENZHEN = "440300";

	private static final String GUANGZHOU = "440100";

	private static final String GUANGDONG = "440000";

	@Test
	void poolsCarryACityAndItsProvince() {
		Response city = expect(call("POST", "/v1/pools", operator(), pool(SHENZHEN, null)), 201);
		assertThat(city.text("cityCode")).isEqualTo(SHENZHEN);
		assertThat(city.text("provinceCode")).as("a city's province: its first two digits").isEqualTo(GUANGDONG);
		Response province = expect(call("POST", "/v1/pools", operator(), pool(null, GUANGDONG)), 201);
		assertThat(province.text("cityCode")).isNull();
		assertThat(province.text("provinceCode")).isEqualTo(GUANGDONG);
		assertThat(expect(call("GET", "/v1/pools/" + city.text("poolId"), operator(), null), 200).text("cityCode"))
			.isEqualTo(SHENZHEN);
		Response plain = expect(call("POST", "/v1/pools", operator(), pool(null, null)), 201);
		assertThat(plain.json().has("cityCode")).isFalse();
	}

	@Test
	void refusesCodesThatAreNoCityOrProvinceOrDisagree() {
		for (Map<String, Object> bad : List.of(pool(SHENZHEN, "450000"), pool(GUANGDONG, null), pool("990100", null),
				pool("4403", null), pool(null, SHENZHEN), pool(null, "990000"))) {
			Response refused = call("POST", "/v1/pools", operator(), bad);
			assertThat(refused.status()).as(bad.toString()).isEqualTo(400);
			assertThat(refused.code()).isEqualTo("VALIDATION_FAILED");
			assertThat(call("GET", "/v1/pools/" + bad.get("poolId"), operator(), null).status()).as("nothing made")
				.isEqualTo(404);
		}
	}

	@Test
	void fallsBackFromTheCityToTheProvinceToAnyInPreferenceOrderWithinEachLevel() {
		String anywhere = regionPool(null, null);
		String guangzhou = regionPool(GUANGZHOU, null);
		String shenzhenSecond = regionPool(SHENZHEN, null);
		String guangdong = regionPool(null, GUANGDONG);
		String shenzhenFirst = regionPool(SHENZHEN, null);
		String platformId = platform(List.of(anywhere, shenzhenSecond, guangzhou, shenzhenFirst, guangdong), null);
		String token = platformToken(platformId);

		List<String> matches = new ArrayList<>();
		List<String> used = new ArrayList<>();
		List<String> numbers = new ArrayList<>();
		for (int i = 0; i < 5; i++) {
			Response bound = expect(call("POST", "/v1/bindings", token, inRegion("ORD-R" + i, SHENZHEN, "ANY")), 201);
			matches.add(bound.text("regionMatch"));
			used.add(bound.text("regionUsed"));
			numbers.add(bound.text("virtualNumber"));
		}
		assertThat(matches).containsExactly("CITY", "CITY", "PROVINCE", "PROVINCE", "ANY");
		assertThat(used).containsExactly(SHENZHEN, SHENZHEN, GUANGZHOU, GUANGDONG, null);
		assertThat(numbers).containsExactly(numberOf(shenzhenSecond), numberOf(shenzhenFirst), numberOf(guangzhou),
				numberOf(guangdong), numberOf(anywhere));

		Response none = call("POST", "/v1/bindings", token, inRegion("ORD-R5", SHENZHEN, "ANY"));
		assertThat(none.status()).isEqualTo(409);
		assertThat(none.code()).isEqualTo("NO_AVAILABLE_NUMBER");
		assertThat(none.text("region")).isEqualTo(SHENZHEN);
		assertThat(none.text("regionPolicy")).isEqualTo("ANY");
	}

	@Test
	void strictStaysInTheCityAndTheDefaultInTheProvince() {
		String anywhere = regionPool(null, null);
		String guangzhou = regionPool(GUANGZHOU, null);
		String shenzhen = regionPool(SHENZHEN, null);
		String token = platformToken(platform(List.of(anywhere, guangzhou, shenzhen), null));

		Response strict = expect(call("POST", "/v1/bindings", token, inRegion("ORD-S1", SHENZHEN, "STRICT")), 201);
		assertThat(strict.text("virtualNumber")).isEqualTo(numberOf(shenzhen));
		assertThat(strict.text("regionMatch")).isEqualTo("CITY");

		Response strictFull = call("POST", "/v1/bindings", token, inRegion("ORD-S2", SHENZHEN, "STRICT"));
		assertThat(strictFull.status()).as("the province and elsewhere still have room").isEqualTo(409);
		assertThat(strictFull.code()).isEqualTo("NO_AVAILABLE_NUMBER");
		assertThat(strictFull.text("region")).isEqualTo(SHENZHEN);
		assertThat(strictFull.text("regionPolicy")).isEqualTo("STRICT");
		assertThat(strictFull.text("detail")).contains(SHENZHEN).contains("STRICT");

		Response byDefault = expect(call("POST", "/v1/bindings", token, inRegion("ORD-S3", SHENZHEN, null)), 201);
		assertThat(byDefault.text("virtualNumber")).isEqualTo(numberOf(guangzhou));
		assertThat(byDefault.text("regionMatch")).isEqualTo("PROVINCE");

		Response provinceFull = call("POST", "/v1/bindings", token, inRegion("ORD-S4", SHENZHEN, null));
		assertThat(provinceFull.code()).isEqualTo("NO_AVAILABLE_NUMBER");
		assertThat(provinceFull.text("regionPolicy")).as("the default policy").isEqualTo("PROVINCE");

		Response any = expect(call("POST", "/v1/bindings", token, inRegion("ORD-S5", SHENZHEN, "ANY")), 201);
		assertThat(any.text("virtualNumber")).isEqualTo(numberOf(anywhere));
		assertThat(any.text("regionMatch")).isEqualTo("ANY");
		assertThat(any.json().has("regionUsed")).as("a pool in no region").isFalse();
	}

	@Test
	void aPoolIdNarrowsTheChoiceAndThePolicyStillApplies() {
		String guangzhou = regionPool(GUANGZHOU, null);
		String shenzhen = regionPool(SHENZHEN, null);
		String token = platformToken(platform(List.of(shenzhen, guangzhou), null));
		Map<String, Object> strictElsewhere = inRegion("ORD-P1", SHENZHEN, "STRICT");
		strictElsewhere.put("poolId", guangzhou);
		assertThat(call("POST", "/v1/bindings", token, strictElsewhere).code()).isEqualTo("NO_AVAILABLE_NUMBER");
		Map<String, Object> province = inRegion("ORD-P2", SHENZHEN, "PROVINCE");
		province.put("poolId", guangzhou);
		assertThat(expect(call("POST", "/v1/bindings", token, province), 201).text("regionUsed")).isEqualTo(GUANGZHOU);
	}

	@Test
	void withoutARegionNothingChanges() {
		String shenzhen = regionPool(SHENZHEN, null);
		String token = platformToken(platform(List.of(shenzhen), null));
		Response bound = expect(call("POST", "/v1/bindings", token, axb("ORD-N1", mobile(), mobile())), 201);
		assertThat(bound.json().has("regionUsed")).isFalse();
		assertThat(bound.json().has("regionMatch")).isFalse();
		Response read = expect(call("GET", "/v1/bindings/" + bound.text("bindingId"), token, null), 200);
		assertThat(read.json().has("regionUsed")).as("GET shows no region").isFalse();
	}

	@Test
	void refusesABadRegionAndBindsNothing() {
		String shenzhen = regionPool(SHENZHEN, null);
		String token = platformToken(platform(List.of(shenzhen), null));
		Map<String, Object> withNumber = inRegion("ORD-B5", SHENZHEN, null);
		withNumber.put("virtualNumber", numberOf(shenzhen));
		Map<String, Object> policyAlone = axb("ORD-B4", mobile(), mobile());
		policyAlone.put("regionPolicy", "STRICT");
		for (Map<String, Object> bad : List.of(inRegion("ORD-B1", GUANGDONG, null), inRegion("ORD-B2", "44030", null),
				inRegion("ORD-B3", "990100", null), inRegion("ORD-B6", SHENZHEN, "NEARBY"), policyAlone, withNumber)) {
			Response refused = call("POST", "/v1/bindings", token, bad);
			assertThat(refused.status()).as(bad.toString()).isEqualTo(400);
			assertThat(refused.code()).isEqualTo("VALIDATION_FAILED");
		}
		assertThat(call("GET", "/v1/pools/" + shenzhen, operator(), null).json().get("activeBindings").asLong())
			.isZero();
	}

	@Test
	void theRegionIsPartOfTheIdempotentRequest() {
		String shenzhen = regionPool(SHENZHEN, null);
		String guangzhou = regionPool(GUANGZHOU, null);
		String token = platformToken(platform(List.of(shenzhen, guangzhou), null));
		Map<String, Object> request = inRegion("ORD-I1", SHENZHEN, "STRICT");
		Response first = expect(call("POST", "/v1/bindings", token, request, "Idempotency-Key", "region-key-1"), 201);
		Response again = expect(call("POST", "/v1/bindings", token, request, "Idempotency-Key", "region-key-1"), 201);
		assertThat(again.text("bindingId")).isEqualTo(first.text("bindingId"));
		assertThat(again.text("regionMatch")).isEqualTo("CITY");
		request.put("region", GUANGZHOU);
		Response otherRegion = call("POST", "/v1/bindings", token, request, "Idempotency-Key", "region-key-1");
		assertThat(otherRegion.status()).isEqualTo(422);
		assertThat(otherRegion.code()).isEqualTo("IDEMPOTENCY_KEY_REUSED");
	}

	// ---- fixtures

	private final Map<String, String> numbers = new HashMap<>();

	private static Map<String, Object> pool(String cityCode, String provinceCode) {
		Map<String, Object> body = new HashMap<>(Map.of("poolId", uniqueId("region"), "numberKind", "LEGACY",
				"maxBindingsPerNumber", 1, "cooldownSeconds", 0));
		if (cityCode != null) {
			body.put("cityCode", cityCode);
		}
		if (provinceCode != null) {
			body.put("provinceCode", provinceCode);
		}
		return body;
	}

	/** A pool of one number that takes one pair; answers its id. */
	private String regionPool(String cityCode, String provinceCode) {
		Map<String, Object> body = pool(cityCode, provinceCode);
		String poolId = (String) body.get("poolId");
		expect(call("POST", "/v1/pools", operator(), body), 201);
		String number = nextLegacyNumber();
		expect(call("POST", "/v1/pools/" + poolId + "/blocks", operator(), Map.of("numbers", List.of(number))), 201);
		numbers.put(poolId, number);
		return poolId;
	}

	private String numberOf(String poolId) {
		return numbers.get(poolId);
	}

	private static Map<String, Object> inRegion(String orderId, String region, String policy) {
		Map<String, Object> request = axb(orderId, mobile(), mobile());
		request.put("region", region);
		if (policy != null) {
			request.put("regionPolicy", policy);
		}
		return request;
	}

}
