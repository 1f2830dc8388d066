package io.numshield.binding;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * AXE, extension-number mode (issue 14, ADR 0022), and the call controls a pool and a
 * binding carry (issue 14, point 5), as a platform and an operator see them.
 */
class AxeBindingIT extends BindingServiceITSupport {

	@Test
	void leasesExtensionsOfOneNumberUntilItIsFullThenRefusesAndReusesAReleasedOne() {
		String poolId = axePool(1, 3);
		String token = platformToken(platform(List.of(poolId), null));

		List<Response> leased = new ArrayList<>();
		for (int i = 0; i < 3; i++) {
			leased.add(expect(call("POST", "/v1/bindings", token,
					i == 0 ? axe("ORD-E" + i, mobile(), mobile()) : axe("ORD-E" + i, mobile(), null)), 201));
		}
		Set<String> extensions = new HashSet<>();
		for (Response each : leased) {
			assertThat(each.text("mode")).isEqualTo("AXE");
			assertThat(each.text("virtualNumber")).isEqualTo(leased.get(0).text("virtualNumber"));
			assertThat(each.text("extension")).matches("[1-3]");
			assertThat(each.text("dialString")).isEqualTo(each.text("virtualNumber") + "," + each.text("extension"));
			extensions.add(each.text("extension"));
		}
		assertThat(extensions).as("three different extensions of one number").hasSize(3);
		assertThat(leased.get(0).text("partyB")).as("masked").contains("****");
		assertThat(leased.get(1).text("partyB")).isNull();

		Response full = call("POST", "/v1/bindings", token, axe("ORD-E3", mobile(), null));
		assertThat(full.status()).isEqualTo(409);
		assertThat(full.code()).isEqualTo("NO_AVAILABLE_NUMBER");
		// a number in AXE use carries AXE bindings only
		Response axb = call("POST", "/v1/bindings", token, axb("ORD-B", mobile(), mobile()));
		assertThat(axb.code()).isEqualTo("NO_AVAILABLE_NUMBER");

		String freed = leased.get(1).text("extension");
		expect(call("DELETE", "/v1/bindings/" + leased.get(1).text("bindingId"), token, null), 204);
		Response again = expect(call("POST", "/v1/bindings", token, axe("ORD-E4", mobile(), null)), 201);
		assertThat(again.text("extension")).isEqualTo(freed);
		assertThat(call("GET", "/v1/pools/" + poolId, operator(), null).json().get("numbersInUse").asLong())
			.isEqualTo(1);
	}

	@Test
	void aNumberWhoseLastExtensionEndedTakesAnyModeAgain() {
		String poolId = axePool(1, 2);
		String token = platformToken(platform(List.of(poolId), null));
		Response only = expect(call("POST", "/v1/bindings", token, axe("ORD-L", mobile(), null)), 201);
		assertThat(call("POST", "/v1/bindings", token, axb("ORD-B", mobile(), mobile())).code())
			.isEqualTo("NO_AVAILABLE_NUMBER");

		expect(call("DELETE", "/v1/bindings/" + only.text("bindingId"), token, null), 204);

		Response axb = expect(call("POST", "/v1/bindings", token, axb("ORD-B", mobile(), mobile())), 201);
		assertThat(axb.text("virtualNumber")).isEqualTo(only.text("virtualNumber"));
		assertThat(call("GET", "/v1/pools/" + poolId, operator(), null).json().get("numbersInUse").asLong())
			.isEqualTo(1);
	}

	@Test
	void anExtensionExpiresWithItsBindingAndIsFreeAgain() throws Exception {
		String poolId = axePool(1, 1);
		String token = platformToken(platform(List.of(poolId), null));
		Map<String, Object> shortOne = axe("ORD-X", mobile(), null);
		shortOne.put("ttlSeconds", 1);
		Response leased = expect(call("POST", "/v1/bindings", token, shortOne), 201);
		String id = leased.text("bindingId");

		Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
		while (eventsOf(id).stream().noneMatch(e -> "BINDING_EXPIRED".equals(e.get("type")))
				&& Instant.now().isBefore(deadline)) {
			Thread.sleep(100);
		}
		Map<String, String> expired = eventsOf(id).stream()
			.filter(e -> "BINDING_EXPIRED".equals(e.get("type")))
			.findFirst()
			.orElseThrow();
		assertThat(expired.get("extension")).isEqualTo(leased.text("extension"));
		assertThat(call("GET", "/v1/bindings/" + id, token, null).text("status")).isEqualTo("EXPIRED");

		Response next = expect(call("POST", "/v1/bindings", token, axe("ORD-Y", mobile(), null)), 201);
		assertThat(next.text("dialString")).isEqualTo(leased.text("dialString"));
	}

	@Test
	void aRetriedBindWithTheSameIdempotencyKeyGetsTheSameExtension() {
		String poolId = axePool(1, 5);
		String token = platformToken(platform(List.of(poolId), null));
		Map<String, Object> request = axe("ORD-I", mobile(), mobile());

		Response first = expect(call("POST", "/v1/bindings", token, request, "Idempotency-Key", "axe-key-1"), 201);
		Response retry = expect(call("POST", "/v1/bindings", token, request, "Idempotency-Key", "axe-key-1"), 201);

		assertThat(retry.text("bindingId")).isEqualTo(first.text("bindingId"));
		assertThat(retry.text("dialString")).isEqualTo(first.text("dialString"));
		assertThat(call("GET", "/v1/pools/" + poolId, operator(), null).json().get("activeBindings").asLong())
			.isEqualTo(1);
	}

	@Test
	void theCreatedEventCarriesTheExtensionAndPartyBOfAnAxePairMayChange() {
		String poolId = axePool(1, 5);
		String token = platformToken(platform(List.of(poolId), null));
		Response pair = expect(call("POST", "/v1/bindings", token, axe("ORD-P", mobile(), mobile())), 201);
		Response alone = expect(call("POST", "/v1/bindings", token, axe("ORD-Q", mobile(), null)), 201);

		Map<String, String> created = eventsOf(pair.text("bindingId")).get(0);
		assertThat(created.get("type")).isEqualTo("BINDING_CREATED");
		assertThat(created.get("mode")).isEqualTo("AXE");
		assertThat(created.get("extension")).isEqualTo(pair.text("extension"));

		Response changed = expect(
				call("PATCH", "/v1/bindings/" + pair.text("bindingId"), token, Map.of("partyB", "13700137000")), 200);
		assertThat(changed.text("partyB")).isEqualTo("137****7000");
		assertThat(changed.text("extension")).isEqualTo(pair.text("extension"));
		Response refused = call("PATCH", "/v1/bindings/" + alone.text("bindingId"), token,
				Map.of("partyB", "13700137000"));
		assertThat(refused.status()).isEqualTo(400);
		assertThat(refused.code()).isEqualTo("VALIDATION_FAILED");
	}

	@Test
	void quotaBlocklistSuspensionAndTenancyHoldForAxeAsForAxb() {
		String poolId = axePool(1, 9);
		String platformId = platform(List.of(poolId), 1L);
		String token = platformToken(platformId);
		String blocked = mobile();
		expect(call("POST", "/v1/blocklist", token(io.numshield.core.token.Role.REGULATOR, null),
				Map.of("number", blocked, "reason", "axe test")), 201);
		Response refusedParty = call("POST", "/v1/bindings", token, axe("ORD-K", mobile(), blocked));
		assertThat(refusedParty.status()).isEqualTo(403);
		assertThat(refusedParty.code()).isEqualTo("PARTY_BLOCKED");

		Response mine = expect(call("POST", "/v1/bindings", token, axe("ORD-K", mobile(), null)), 201);
		Response overQuota = call("POST", "/v1/bindings", token, axe("ORD-K2", mobile(), null));
		assertThat(overQuota.status()).isEqualTo(429);
		assertThat(overQuota.code()).isEqualTo("QUOTA_EXCEEDED");

		// another platform on the same pool shares the number's extensions, not the
		// bindings
		String otherToken = platformToken(platform(List.of(poolId), null));
		assertThat(call("GET", "/v1/bindings/" + mine.text("bindingId"), otherToken, null).code())
			.isEqualTo("BINDING_NOT_FOUND");
		assertThat(call("DELETE", "/v1/bindings/" + mine.text("bindingId"), otherToken, null).code())
			.isEqualTo("BINDING_NOT_FOUND");
		Response theirs = expect(call("POST", "/v1/bindings", otherToken, axe("ORD-K", mobile(), null)), 201);
		assertThat(theirs.text("virtualNumber")).isEqualTo(mine.text("virtualNumber"));
		assertThat(theirs.text("extension")).isNotEqualTo(mine.text("extension"));

		expect(call("POST", "/v1/platforms/" + platformId + "/suspend", operator(), Map.of("reason", "audit")), 200);
		expect(call("DELETE", "/v1/bindings/" + mine.text("bindingId"), token, null), 204);
		Response suspended = call("POST", "/v1/bindings", token, axe("ORD-K3", mobile(), null));
		assertThat(suspended.code()).isEqualTo("PLATFORM_SUSPENDED");
		assertThat(call("GET", "/v1/bindings/" + theirs.text("bindingId"), otherToken, null).text("status"))
			.isEqualTo("ACTIVE");
	}

	@Test
	void aPoolsExtensionSettingsAreCheckedAndShown() {
		Map<String, Object> tooMany = new HashMap<>(Map.of("poolId", uniqueId("pool"), "numberKind", "LEGACY",
				"extensionDigits", 2, "maxExtensionsPerNumber", 100));
		Response refused = call("POST", "/v1/pools", operator(), tooMany);
		assertThat(refused.status()).isEqualTo(400);
		assertThat(refused.code()).isEqualTo("VALIDATION_FAILED");
		assertThat(call("GET", "/v1/pools/" + tooMany.get("poolId"), operator(), null).status()).isEqualTo(404);

		Response defaults = expect(
				call("POST", "/v1/pools", operator(), Map.of("poolId", uniqueId("pool"), "numberKind", "SEGMENT_700")),
				201);
		assertThat(defaults.json().get("extensionDigits").asInt()).isEqualTo(4);
		assertThat(defaults.json().get("maxExtensionsPerNumber").asInt()).isEqualTo(1000);
		assertThat(defaults.json().has("maxCallDurationSeconds")).isFalse();
		assertThat(defaults.json().has("announcementId")).isFalse();
	}

	@Test
	void callControlsOfAPoolAndABindingAreCheckedAndShown() {
		Map<String, Object> body = new HashMap<>(Map.of("poolId", uniqueId("pool"), "numberKind", "LEGACY",
				"maxCallDurationSeconds", 600, "announcementId", "protected-call.v1", "ringbackToneId", "tone_2"));
		Response pool = expect(call("POST", "/v1/pools", operator(), body), 201);
		assertThat(pool.json().get("maxCallDurationSeconds").asInt()).isEqualTo(600);
		assertThat(pool.text("announcementId")).isEqualTo("protected-call.v1");
		assertThat(pool.text("ringbackToneId")).isEqualTo("tone_2");

		for (Map.Entry<String, Object> bad : List.<Map.Entry<String, Object>>of(
				Map.entry("announcementId", "no spaces"), Map.entry("ringbackToneId", "x".repeat(65)),
				Map.entry("maxCallDurationSeconds", 0))) {
			Map<String, Object> badPool = new HashMap<>(Map.of("poolId", uniqueId("pool"), "numberKind", "LEGACY"));
			badPool.put(bad.getKey(), bad.getValue());
			assertThat(call("POST", "/v1/pools", operator(), badPool).code()).as(bad.getKey())
				.isEqualTo("VALIDATION_FAILED");
		}

		String poolId = axePool(1, 9);
		String token = platformToken(platform(List.of(poolId), null));
		Map<String, Object> own = axe("ORD-C", mobile(), mobile());
		own.put("maxCallDurationSeconds", 120);
		own.put("ringbackToneId", "tone-9");
		Response leased = expect(call("POST", "/v1/bindings", token, own), 201);
		assertThat(leased.json().get("maxCallDurationSeconds").asInt()).isEqualTo(120);
		assertThat(leased.text("ringbackToneId")).isEqualTo("tone-9");
		assertThat(leased.json().has("announcementId")).isFalse();
		Response read = expect(call("GET", "/v1/bindings/" + leased.text("bindingId"), token, null), 200);
		assertThat(read.json().get("maxCallDurationSeconds").asInt()).isEqualTo(120);
		assertThat(read.text("ringbackToneId")).isEqualTo("tone-9");

		Response plain = expect(call("POST", "/v1/bindings", token, axe("ORD-D", mobile(), null)), 201);
		assertThat(plain.json().has("maxCallDurationSeconds")).isFalse();

		Map<String, Object> bad = axe("ORD-F", mobile(), null);
		bad.put("announcementId", "bad/id");
		Response refused = call("POST", "/v1/bindings", token, bad);
		assertThat(refused.status()).isEqualTo(400);
		assertThat(refused.code()).isEqualTo("VALIDATION_FAILED");
		assertThat(call("GET", "/v1/pools/" + poolId, operator(), null).json().get("activeBindings").asLong())
			.as("a refused bind changes nothing")
			.isEqualTo(2);
	}

	@Test
	void aBindingsCallControlsAndRecordingChangeByPatchAndTheEventCarriesThem() {
		String poolId = axePool(1, 9);
		String token = platformToken(platform(List.of(poolId), null));
		Map<String, Object> own = axe("ORD-G", mobile(), mobile());
		own.put("maxCallDurationSeconds", 120);
		own.put("announcementId", "ann-1");
		String id = expect(call("POST", "/v1/bindings", token, own), 201).text("bindingId");

		// one control given: it replaces the binding's own, the others stay
		Response changed = expect(call("PATCH", "/v1/bindings/" + id, token,
				Map.of("ringbackToneId", "tone-3", "maxCallDurationSeconds", 300, "recording", true)), 200);
		assertThat(changed.json().get("maxCallDurationSeconds").asInt()).isEqualTo(300);
		assertThat(changed.text("announcementId")).isEqualTo("ann-1");
		assertThat(changed.text("ringbackToneId")).isEqualTo("tone-3");
		assertThat(changed.json().get("recording").asBoolean()).isTrue();
		Response read = expect(call("GET", "/v1/bindings/" + id, token, null), 200);
		assertThat(read.json().get("maxCallDurationSeconds").asInt()).isEqualTo(300);
		assertThat(read.json().get("recording").asBoolean()).isTrue();

		List<Map<String, String>> events = eventsOf(id);
		Map<String, String> updated = events.get(events.size() - 1);
		assertThat(updated.get("type")).isEqualTo("BINDING_UPDATED");
		assertThat(updated.get("changes")).isEqualTo("callControls,recording");
		assertThat(updated.get("callControls")).isEqualTo("300,ann-1,tone-3");
		assertThat(updated.get("recording")).isEqualTo("1");

		// the same values again change nothing and record nothing
		expect(call("PATCH", "/v1/bindings/" + id, token, Map.of("ringbackToneId", "tone-3", "recording", true)), 200);
		assertThat(eventsOf(id)).hasSize(events.size());

		// out of range, a bad id, nothing given: 400, and nothing changes
		for (Map<String, Object> bad : List.<Map<String, Object>>of(Map.of("maxCallDurationSeconds", 0),
				Map.of("announcementId", "bad id"), Map.of())) {
			Response refused = call("PATCH", "/v1/bindings/" + id, token, bad);
			assertThat(refused.status()).as(bad.toString()).isEqualTo(400);
			assertThat(refused.code()).isEqualTo("VALIDATION_FAILED");
		}
		assertThat(eventsOf(id)).hasSize(events.size());
		assertThat(expect(call("GET", "/v1/bindings/" + id, token, null), 200).text("ringbackToneId"))
			.isEqualTo("tone-3");

		// another platform's binding: not found, unchanged
		String stranger = platformToken(platform(List.of(poolId), null));
		assertThat(call("PATCH", "/v1/bindings/" + id, stranger, Map.of("recording", false)).code())
			.isEqualTo("BINDING_NOT_FOUND");
		assertThat(expect(call("GET", "/v1/bindings/" + id, token, null), 200).json().get("recording").asBoolean())
			.isTrue();
	}

	/**
	 * A LEGACY pool of {@code numbers} numbers with one-digit extensions, at most
	 * {@code extensions} a number.
	 */
	private String axePool(int numbers, int extensions) {
		String poolId = uniqueId("axe");
		expect(call("POST", "/v1/pools", operator(), Map.of("poolId", poolId, "numberKind", "LEGACY", "extensionDigits",
				1, "maxExtensionsPerNumber", extensions, "cooldownSeconds", 0)), 201);
		List<String> list = new ArrayList<>();
		for (int i = 0; i < numbers; i++) {
			list.add(nextLegacyNumber());
		}
		expect(call("POST", "/v1/pools/" + poolId + "/blocks", operator(), Map.of("numbers", list)), 201);
		return poolId;
	}

	static Map<String, Object> axe(String orderId, String a, String b) {
		Map<String, Object> request = new HashMap<>(
				Map.of("mode", "AXE", "orderId", orderId, "partyA", a, "ttlSeconds", 1800, "consent", consent()));
		if (b != null) {
			request.put("partyB", b);
		}
		return request;
	}

}
