package io.numshield.binding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.numshield.core.number.ManagementNumber;
import io.numshield.core.number.RealNumber;
import io.numshield.core.token.Audience;
import io.numshield.core.token.Role;
import io.numshield.testsupport.TestInfrastructure;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.redisson.client.codec.StringCodec;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import tools.jackson.databind.JsonNode;

/**
 * The number lifecycle (ADR 0026) on real Redis and PostgreSQL: quarantine of a free and
 * of a leased number, its lift by an operator and by its {@code until}, carriers' flags
 * to the threshold, drain and removal of a block, the listing of a block's numbers, the
 * ledger events of each change, and who may do what.
 */
class NumberLifecycleIT extends BindingServiceITSupport {

	@DynamicPropertySource
	static void numbers(DynamicPropertyRegistry registry) {
		registry.add("numshield.binding.numbers.flag-threshold", () -> "3");
		registry.add("numshield.binding.numbers.listing-scan", () -> "50");
	}

	@Test
	void aQuarantinedFreeNumberIsNeverLeasedUntilLifted() {
		List<String> pool = legacyPool(3, 1, 0);
		String platformId = platform(List.of(pool.get(0)), null);
		String quarantined = pool.get(1);
		String quoted = mobile();
		Response q = expect(call("POST", "/v1/numbers/" + quarantined + "/quarantine", operator(),
				Map.of("reason", "SPAM_REPORTS", "note", "reports about " + quoted)), 200);
		assertThat(q.text("state")).isEqualTo("QUARANTINED");
		assertThat(q.text("reason")).isEqualTo("SPAM_REPORTS");
		assertThat(q.json().get("until")).isNull();

		// asked for: refused
		Map<String, Object> asked = axn("ORD-Q1", mobile());
		asked.put("virtualNumber", quarantined);
		Response refused = call("POST", "/v1/bindings", platformToken(platformId), asked);
		assertThat(refused.status()).isEqualTo(409);
		assertThat(refused.code()).isEqualTo("NUMBER_UNAVAILABLE");
		// chosen: the other two numbers, then the pool is full
		Set<String> leased = new HashSet<>();
		for (int i = 0; i < 2; i++) {
			leased.add(expect(call("POST", "/v1/bindings", platformToken(platformId), axn("ORD-Q" + i, mobile())), 201)
				.text("virtualNumber"));
		}
		assertThat(leased).containsExactlyInAnyOrder(pool.get(2), pool.get(3));
		assertThat(call("POST", "/v1/bindings", platformToken(platformId), axn("ORD-Q3", mobile())).code())
			.isEqualTo("NO_AVAILABLE_NUMBER");

		Response lifted = expect(call("POST", "/v1/numbers/" + quarantined + "/quarantine/release", operator(),
				Map.of("reason", "reviewed")), 200);
		assertThat(lifted.text("state")).isEqualTo("FREE");
		assertThat(expect(call("POST", "/v1/bindings", platformToken(platformId), asked), 201).text("virtualNumber"))
			.isEqualTo(quarantined);

		List<Map<String, String>> events = numberEvents(quarantined);
		assertThat(events).extracting(e -> e.get("type"))
			.containsExactly("NUMBER_QUARANTINED", "NUMBER_QUARANTINE_LIFTED");
		assertThat(events.get(0)).containsEntry("reason", "SPAM_REPORTS")
			.containsEntry("by", "test-key")
			.containsEntry("poolId", pool.get(0))
			.containsEntry("note", "reports about " + RealNumber.parse(quoted).masked())
			.containsEntry("until", "");
		assertThat(events.get(1)).containsEntry("reason", "reviewed").containsEntry("quarantineReason", "SPAM_REPORTS");
	}

	@Test
	void aQuarantinedNumberIsNotSharedByFurtherPairs() {
		List<String> pool = legacyPool(2, 5, 0);
		String platformId = platform(List.of(pool.get(0)), null);
		String first = expect(
				call("POST", "/v1/bindings", platformToken(platformId), axb("ORD-S0", mobile(), mobile())), 201)
			.text("virtualNumber");
		String other = pool.get(1).equals(first) ? pool.get(2) : pool.get(1);
		ask(platformId, axb("ORD-S1", mobile(), mobile()), other);
		expect(call("POST", "/v1/numbers/" + first + "/quarantine", operator(), Map.of("reason", "INVESTIGATION")),
				200);
		for (int i = 2; i < 6; i++) {
			assertThat(expect(
					call("POST", "/v1/bindings", platformToken(platformId), axb("ORD-S" + i, mobile(), mobile())), 201)
				.text("virtualNumber")).isEqualTo(other);
		}
		// the other number is full (5 pairs), the quarantined one is not offered
		assertThat(call("POST", "/v1/bindings", platformToken(platformId), axb("ORD-S6", mobile(), mobile())).code())
			.isEqualTo("NO_AVAILABLE_NUMBER");
		Response state = expect(call("GET", "/v1/numbers/" + first, operator(), null), 200);
		assertThat(state.text("state")).isEqualTo("QUARANTINED");
		assertThat(state.json().get("bindings").asInt()).isEqualTo(1);
	}

	@Test
	void aLeasedNumberKeepsItsBindingAndStaysOutAfterIt() {
		String[] pool = segmentPool(null, 0L);
		String platformId = platform(List.of(pool[0]), null);
		String x = pool[1] + "0007";
		Map<String, Object> asked = axn("ORD-L1", mobile());
		asked.put("virtualNumber", x);
		String bindingId = expect(call("POST", "/v1/bindings", platformToken(platformId), asked), 201)
			.text("bindingId");

		Response q = expect(call("POST", "/v1/numbers/" + x + "/quarantine", operator(),
				Map.of("reason", "CARRIER_REQUEST", "until", Instant.now().plus(Duration.ofDays(1)).toString())), 200);
		assertThat(q.text("state")).isEqualTo("QUARANTINED");
		assertThat(q.json().get("bindings").asInt()).isEqualTo(1);
		assertThat(q.text("until")).isNotNull();
		assertThat(
				expect(call("GET", "/v1/bindings/" + bindingId, platformToken(platformId), null), 200).text("status"))
			.isEqualTo("ACTIVE");

		expect(call("DELETE", "/v1/bindings/" + bindingId, platformToken(platformId), null), 204);
		Response after = expect(call("GET", "/v1/numbers/" + x, operator(), null), 200);
		assertThat(after.text("state")).isEqualTo("QUARANTINED");
		assertThat(after.json().get("bindings").asInt()).isZero();
		assertThat(after.text("poolId")).isEqualTo(pool[0]);
		assertThat(after.text("managementNumber")).isEqualTo(pool[1]);
		assertThat(freeBit(pool[1], 7)).as("the number stays taken in the free map").isTrue();
		asked.put("orderId", "ORD-L2");
		assertThat(call("POST", "/v1/bindings", platformToken(platformId), asked).code())
			.isEqualTo("NUMBER_UNAVAILABLE");

		expect(call("POST", "/v1/numbers/" + x + "/quarantine/release", operator(), Map.of("reason", "done")), 200);
		assertThat(freeBit(pool[1], 7)).isFalse();
		expect(call("POST", "/v1/bindings", platformToken(platformId), asked), 201);
	}

	@Test
	void aQuarantineEndsByItselfWhenItsUntilPasses() {
		String[] pool = segmentPool(null, 0L);
		String x = pool[1] + "0011";
		expect(call("POST", "/v1/numbers/" + x + "/quarantine", operator(),
				Map.of("reason", "OTHER", "until", Instant.now().plusSeconds(5).toString())), 200);
		assertThat(freeBit(pool[1], 11)).isTrue();

		await().atMost(Duration.ofSeconds(15))
			.until(() -> "FREE".equals(call("GET", "/v1/numbers/" + x, operator(), null).text("state"))
					&& !freeBit(pool[1], 11));
		await().atMost(Duration.ofSeconds(5))
			.until(() -> numberEvents(x).stream().anyMatch(e -> "NUMBER_QUARANTINE_LIFTED".equals(e.get("type"))));
		Map<String, String> ended = numberEvents(x).get(1);
		assertThat(ended).containsEntry("reason", "UNTIL_PASSED")
			.containsEntry("quarantineReason", "OTHER")
			.containsEntry("by", "");
		assertThat(ended.get("eventId")).startsWith("quarantine-ended:" + x + ":");
	}

	@Test
	void aLeaseAskingForANumberWhoseQuarantineRanOutLiftsItAndTakesIt() {
		String[] pool = segmentPool(null, 0L);
		String platformId = platform(List.of(pool[0]), null);
		String x = pool[1] + "0013";
		// quarantined until a moment ago, as number.lua leaves it, and the sweeper not
		// there yet (no entry in its list of blocks due)
		ManagementNumber block = new ManagementNumber(pool[1]);
		redisson.<String, String>getMap(keys.shardBase(block.shard()) + "q:" + pool[1], StringCodec.INSTANCE)
			.put("13", Instant.now().minusSeconds(5).toEpochMilli() + "|OTHER");
		redisson.getBitSet(keys.freeMap(block)).set(13);
		assertThat(freeBit(pool[1], 13)).as("still taken in the free map").isTrue();

		Map<String, Object> asked = axn("ORD-QE", mobile());
		asked.put("virtualNumber", x);
		expect(call("POST", "/v1/bindings", platformToken(platformId), asked), 201);
		assertThat(call("GET", "/v1/numbers/" + x, operator(), null).text("state")).isEqualTo("LEASED");
		assertThat(numberEvents(x)).singleElement().satisfies(e -> {
			assertThat(e).containsEntry("type", "NUMBER_QUARANTINE_LIFTED")
				.containsEntry("reason", "UNTIL_PASSED")
				.containsEntry("quarantineReason", "OTHER");
		});
	}

	@Test
	void axeSkipsAQuarantinedNumberWithRoomAndTakesItAgainOnceLifted() {
		String poolId = uniqueId("axe-q");
		expect(call("POST", "/v1/pools", operator(), Map.of("poolId", poolId, "numberKind", "LEGACY", "extensionDigits",
				1, "maxExtensionsPerNumber", 3, "cooldownSeconds", 0)), 201);
		List<String> numbers = List.of(nextLegacyNumber(), nextLegacyNumber());
		expect(call("POST", "/v1/pools/" + poolId + "/blocks", operator(), Map.of("numbers", numbers)), 201);
		String token = platformToken(platform(List.of(poolId), null));
		String first = expect(call("POST", "/v1/bindings", token, AxeBindingIT.axe("ORD-AQ0", mobile(), mobile())), 201)
			.text("virtualNumber");
		String other = numbers.get(0).equals(first) ? numbers.get(1) : numbers.get(0);
		expect(call("POST", "/v1/numbers/" + first + "/quarantine", operator(), Map.of("reason", "INVESTIGATION")),
				200);

		// the fullest number with room comes first: the quarantined one is passed over
		for (int i = 1; i <= 3; i++) {
			assertThat(
					expect(call("POST", "/v1/bindings", token, AxeBindingIT.axe("ORD-AQ" + i, mobile(), mobile())), 201)
						.text("virtualNumber"))
				.isEqualTo(other);
		}
		assertThat(call("POST", "/v1/bindings", token, AxeBindingIT.axe("ORD-AQ4", mobile(), mobile())).code())
			.isEqualTo("NO_AVAILABLE_NUMBER");
		Map<String, Object> asked = AxeBindingIT.axe("ORD-AQ5", mobile(), mobile());
		asked.put("virtualNumber", first);
		assertThat(call("POST", "/v1/bindings", token, asked).code()).isEqualTo("NUMBER_UNAVAILABLE");

		expect(call("POST", "/v1/numbers/" + first + "/quarantine/release", operator(), Map.of("reason", "done")), 200);
		assertThat(expect(call("POST", "/v1/bindings", token, AxeBindingIT.axe("ORD-AQ6", mobile(), mobile())), 201)
			.text("virtualNumber")).isEqualTo(first);
	}

	@Test
	void carriersFlagsQuarantineANumberAtTheThreshold() {
		String[] pool = segmentPool(null, 0L);
		String x = pool[1] + "0100";
		String carrier = TestInfrastructure.get()
			.mintToken(Audience.BINDING, "ck_carrier", Role.CARRIER, null, pool[0]);
		String quoted = mobile();
		for (int i = 1; i <= 2; i++) {
			Response flag = expect(call("POST", "/v1/numbers/" + x + "/flags", carrier,
					Map.of("kind", "SPAM_REPORT", "note", "user " + quoted + " complained")), 201);
			assertThat(flag.json().get("flagsInWindow").asInt()).isEqualTo(i);
			assertThat(flag.json().get("quarantined").asBoolean()).isFalse();
		}
		assertThat(call("GET", "/v1/numbers/" + x, operator(), null).text("state")).isEqualTo("FREE");
		Response third = expect(call("POST", "/v1/numbers/" + x + "/flags", carrier, Map.of("kind", "FRAUD_REPORT")),
				201);
		assertThat(third.json().get("flagsInWindow").asInt()).isEqualTo(3);
		assertThat(third.json().get("threshold").asInt()).isEqualTo(3);
		assertThat(third.json().get("quarantined").asBoolean()).isTrue();
		Response state = expect(call("GET", "/v1/numbers/" + x, operator(), null), 200);
		assertThat(state.text("state")).isEqualTo("QUARANTINED");
		assertThat(state.text("reason")).isEqualTo("CARRIER_FLAGS");
		assertThat(Instant.parse(state.text("until"))).isAfter(Instant.now().plus(Duration.ofDays(6)));

		List<Map<String, String>> events = numberEvents(x);
		assertThat(events).extracting(e -> e.get("type"))
			.containsExactly("NUMBER_FLAGGED", "NUMBER_FLAGGED", "NUMBER_FLAGGED", "NUMBER_QUARANTINED");
		assertThat(events.get(0)).containsEntry("kind", "SPAM_REPORT")
			.containsEntry("by", "ck_carrier")
			.containsEntry("flags", "1")
			.containsEntry("note", "user " + RealNumber.parse(quoted).masked() + " complained");
		assertThat(events.get(3)).containsEntry("reason", "CARRIER_FLAGS").containsEntry("by", "ck_carrier");
		assertThat(events.toString()).doesNotContain(quoted);

		// a carrier that does not serve the pool: refused, nothing counted
		String stranger = TestInfrastructure.get()
			.mintToken(Audience.BINDING, "ck_other", Role.CARRIER, null, "another-pool");
		Response outside = call("POST", "/v1/numbers/" + x + "/flags", stranger, Map.of("kind", "SPAM_REPORT"));
		assertThat(outside.status()).isEqualTo(403);
		assertThat(outside.code()).isEqualTo("OUT_OF_SCOPE");
		assertThat(numberEvents(x)).hasSize(4);
	}

	@Test
	void aDrainingBlockLeasesNothingNewAndIsRemovedOnceItsBindingsEnded() {
		String[] pool = segmentPool(null, 0L);
		String second = nextBlock();
		expect(call("POST", "/v1/pools/" + pool[0] + "/blocks", operator(),
				Map.of("managementNumbers", List.of(second))), 201);
		String platformId = platform(List.of(pool[0]), null);
		Map<String, Object> early = axn("ORD-D0", mobile());
		early.put("virtualNumber", pool[1] + "0001");
		String bindingId = expect(call("POST", "/v1/bindings", platformToken(platformId), early), 201)
			.text("bindingId");

		Response drained = expect(
				call("POST", "/v1/pools/" + pool[0] + "/blocks/" + pool[1] + "/drain", operator(), null), 200);
		assertThat(drained.json().get("draining").asBoolean()).isTrue();
		assertThat(drained.text("drainingSince")).isNotNull();
		for (int i = 1; i <= 12; i++) {
			assertThat(expect(call("POST", "/v1/bindings", platformToken(platformId), axn("ORD-D" + i, mobile())), 201)
				.text("virtualNumber")).startsWith(second);
		}
		Map<String, Object> asked = axn("ORD-DX", mobile());
		asked.put("virtualNumber", pool[1] + "0002");
		assertThat(call("POST", "/v1/bindings", platformToken(platformId), asked).code())
			.isEqualTo("NUMBER_UNAVAILABLE");
		assertThat(
				expect(call("GET", "/v1/bindings/" + bindingId, platformToken(platformId), null), 200).text("status"))
			.isEqualTo("ACTIVE");

		Response notDrained = call("DELETE", "/v1/pools/" + pool[0] + "/blocks/" + second, operator(), null);
		assertThat(notDrained.status()).isEqualTo(409);
		assertThat(notDrained.code()).isEqualTo("BLOCK_NOT_DRAINED");
		Response busy = call("DELETE", "/v1/pools/" + pool[0] + "/blocks/" + pool[1], operator(), null);
		assertThat(busy.status()).isEqualTo(409);
		assertThat(busy.code()).isEqualTo("BLOCK_NOT_DRAINED");
		assertThat(blocks(pool[1])).as("a refused removal changes nothing").isNotNull();

		expect(call("DELETE", "/v1/bindings/" + bindingId, platformToken(platformId), null), 204);
		expect(call("DELETE", "/v1/pools/" + pool[0] + "/blocks/" + pool[1], operator(), null), 204);
		assertThat(blocks(pool[1])).isNull();
		assertThat(redisson.getBucket(keys.freeMap(new ManagementNumber(pool[1])), StringCodec.INSTANCE).isExists())
			.isFalse();
		assertThat(call("GET", "/v1/numbers/" + pool[1] + "0001", operator(), null).code())
			.isEqualTo("NUMBER_NOT_FOUND");
		assertThat(call("DELETE", "/v1/pools/" + pool[0] + "/blocks/" + pool[1], operator(), null).code())
			.isEqualTo("BLOCK_NOT_FOUND");
		assertThat(expect(call("GET", "/v1/pools/" + pool[0], operator(), null), 200).json().get("blocks").asInt())
			.isEqualTo(1);

		await().atMost(Duration.ofSeconds(10))
			.until(() -> allEvents().stream()
				.filter(e -> pool[1].equals(e.get("managementNumber")) && e.get("type").startsWith("BLOCK_"))
				.count() == 2);
		List<Map<String, String>> events = allEvents().stream()
			.filter(e -> pool[1].equals(e.get("managementNumber")) && e.get("type").startsWith("BLOCK_"))
			.toList();
		assertThat(events).extracting(e -> e.get("type")).containsExactly("BLOCK_DRAINING", "BLOCK_REMOVED");
		assertThat(events).allSatisfy(e -> assertThat(e).containsEntry("poolId", pool[0])
			.containsEntry("by", "test-key")
			.containsEntry("v", "1"));
	}

	@Test
	void listsABlocksNumbersWithTheirStatePagedAndFiltered() {
		String[] pool = segmentPool(3, 3600L);
		String platformId = platform(List.of(pool[0]), null);
		String axnBinding = ask(platformId, axn("ORD-N1", mobile()), pool[1] + "0001");
		ask(platformId, axb("ORD-B2", mobile(), mobile()), pool[1] + "0002");
		ask(platformId, axb("ORD-B3", mobile(), mobile()), pool[1] + "0002");
		expect(call("POST", "/v1/numbers/" + pool[1] + "0003/quarantine", operator(), Map.of("reason", "OTHER")), 200);
		String cooling = ask(platformId, axn("ORD-N4", mobile()), pool[1] + "0004");
		expect(call("DELETE", "/v1/bindings/" + cooling, platformToken(platformId), null), 204);
		String base = "/v1/pools/" + pool[0] + "/blocks/" + pool[1] + "/numbers";

		Response first = expect(call("GET", base + "?limit=2", operator(), null), 200);
		assertThat(first.json().get("size").asInt()).isEqualTo(10_000);
		assertThat(numbers(first)).extracting(n -> n.get("virtualNumber").asString() + " " + n.get("state").asString())
			.containsExactly(pool[1] + "0000 FREE", pool[1] + "0001 LEASED");
		assertThat(first.text("nextCursor")).isEqualTo("2");
		Response next = expect(call("GET", base + "?limit=3&cursor=2", operator(), null), 200);
		List<JsonNode> page = numbers(next);
		assertThat(page).extracting(n -> n.get("state").asString())
			.containsExactly("LEASED", "QUARANTINED", "COOLING_DOWN");
		assertThat(page.get(0).get("bindings").asInt()).isEqualTo(2);
		assertThat(page.get(1).get("reason").asString()).isEqualTo("OTHER");
		assertThat(Instant.parse(page.get(2).get("until").asString())).isAfter(Instant.now().plusSeconds(3000));

		Response leased = expect(call("GET", base + "?state=LEASED", operator(), null), 200);
		assertThat(numbers(leased)).extracting(n -> n.get("virtualNumber").asString())
			.containsExactly(pool[1] + "0001", pool[1] + "0002");
		// a page looks at listing-scan (50) numbers at most: the rest of the block
		// follows
		assertThat(leased.text("nextCursor")).isEqualTo("100");
		Response last = expect(call("GET", base + "?state=FREE&cursor=9998", operator(), null), 200);
		assertThat(numbers(last)).hasSize(2);
		assertThat(last.json().get("nextCursor")).isNull();
		assertThat(axnBinding).isNotNull();

		Response unknown = call("GET", "/v1/pools/" + pool[0] + "/blocks/" + nextBlock() + "/numbers", operator(),
				null);
		assertThat(unknown.status()).isEqualTo(404);
		assertThat(unknown.code()).isEqualTo("BLOCK_NOT_FOUND");
		assertThat(call("GET", base + "?state=GONE", operator(), null).code()).isEqualTo("VALIDATION_FAILED");
	}

	@Test
	void refusesBadInputAndChangesNothing() {
		String[] pool = segmentPool(null, 0L);
		String x = pool[1] + "0005";
		assertThat(call("GET", "/v1/numbers/12345", operator(), null).code()).isEqualTo("INVALID_VIRTUAL_NUMBER");
		Response unknown = call("POST", "/v1/numbers/700999999990001/quarantine", operator(),
				Map.of("reason", "OTHER"));
		assertThat(unknown.status()).isEqualTo(404);
		assertThat(unknown.code()).isEqualTo("NUMBER_NOT_FOUND");
		assertThat(call("POST", "/v1/numbers/" + x + "/quarantine", operator(),
				Map.of("reason", "OTHER", "until", Instant.now().minusSeconds(60).toString()))
			.code()).isEqualTo("VALIDATION_FAILED");
		assertThat(
				call("POST", "/v1/numbers/" + x + "/quarantine", operator(), Map.of("reason", "CARRIER_FLAGS")).code())
			.isEqualTo("VALIDATION_FAILED");
		assertThat(call("POST", "/v1/numbers/" + x + "/quarantine", operator(), Map.of()).code())
			.isEqualTo("VALIDATION_FAILED");
		// lifting what is not quarantined changes nothing
		assertThat(expect(call("POST", "/v1/numbers/" + x + "/quarantine/release", operator(),
				Map.of("reason", "nothing to lift")), 200)
			.text("state")).isEqualTo("FREE");
		assertThat(numberEvents(x)).isEmpty();
		assertThat(call("GET", "/v1/numbers/" + x, operator(), null).text("state")).isEqualTo("FREE");
	}

	@Test
	void onlyOperatorsManageNumbersAndBlocksAndOnlyCarriersFlag() {
		String[] pool = segmentPool(null, 0L);
		String platformId = platform(List.of(pool[0]), null);
		String x = pool[1] + "0009";
		String platform = platformToken(platformId);
		String carrier = TestInfrastructure.get()
			.mintToken(Audience.BINDING, "ck_carrier", Role.CARRIER, null, pool[0]);
		String regulator = token(Role.REGULATOR, null);
		for (String who : List.of(platform, carrier, regulator)) {
			assertThat(call("GET", "/v1/numbers/" + x, who, null).status()).isEqualTo(403);
			assertThat(call("POST", "/v1/numbers/" + x + "/quarantine", who, Map.of("reason", "OTHER")).status())
				.isEqualTo(403);
			assertThat(call("POST", "/v1/numbers/" + x + "/quarantine/release", who, Map.of("reason", "x")).status())
				.isEqualTo(403);
			assertThat(call("POST", "/v1/pools/" + pool[0] + "/blocks/" + pool[1] + "/drain", who, null).status())
				.isEqualTo(403);
			assertThat(call("DELETE", "/v1/pools/" + pool[0] + "/blocks/" + pool[1], who, null).status())
				.isEqualTo(403);
			assertThat(call("GET", "/v1/pools/" + pool[0] + "/blocks/" + pool[1] + "/numbers", who, null).status())
				.isEqualTo(403);
		}
		for (String who : List.of(platform, operator(), regulator)) {
			assertThat(call("POST", "/v1/numbers/" + x + "/flags", who, Map.of("kind", "SPAM_REPORT")).status())
				.isEqualTo(403);
		}
		assertThat(numberEvents(x)).isEmpty();
		assertThat(expect(call("GET", "/v1/numbers/" + x, operator(), null), 200).text("state")).isEqualTo("FREE");
		assertThat(expect(call("GET", "/v1/pools/" + pool[0], operator(), null), 200).json().get("blocks").asInt())
			.isEqualTo(1);
	}

	private String ask(String platformId, Map<String, Object> request, String x) {
		request.put("virtualNumber", x);
		return expect(call("POST", "/v1/bindings", platformToken(platformId), request), 201).text("bindingId");
	}

	private static List<JsonNode> numbers(Response page) {
		List<JsonNode> out = new ArrayList<>();
		page.json().get("numbers").forEach(out::add);
		return out;
	}

	private List<Map<String, String>> numberEvents(String x) {
		return allEvents().stream()
			.filter(e -> x.equals(e.get("virtualNumber")) && e.get("type").startsWith("NUMBER_"))
			.toList();
	}

	private boolean freeBit(String block, int index) {
		return redisson.getBitSet(keys.freeMap(new ManagementNumber(block))).get(index);
	}

	private String blocks(String block) {
		return redisson.<String, String>getMap(keys.blocks(new ManagementNumber(block).shard()), StringCodec.INSTANCE)
			.get(block);
	}

}
