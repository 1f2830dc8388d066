package io.numshield.binding;

import io.numshield.core.crypto.PersonalDataProtector;
import io.numshield.core.number.RealNumber;
import io.numshield.core.redis.RouteCall;
import io.numshield.core.token.Role;
import io.numshield.support.redis.LeaseScripts;
import io.numshield.testsupport.PhoneFixtures;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * AXG, group mode (issue 15, ADR 0024): a platform's groups, an AXG binding of A to one,
 * and the routing decisions on X as route.lua makes them for the carrier, after every
 * change of the group.
 */
class AxgGroupIT extends BindingServiceITSupport {

	@Autowired
	LeaseScripts scripts;

	@Autowired
	PersonalDataProtector protector;

	@Test
	void aGroupIsCreatedReadChangedAndDeletedWithItsMembersMaskedAndEveryChangeInTheStream() {
		String token = platformToken(platform(List.of(segmentPool(null, null)[0]), null));
		String b1 = mobile();
		String b2 = mobile();
		Response created = expect(call("POST", "/v1/groups", token,
				Map.of("orderId", "ROUTE-7", "members", List.of(b1, PhoneFixtures.e164(b2), b1))), 201);
		String groupId = created.text("groupId");
		assertThat(groupId).matches("[0-9]{2}[0-9A-Z]{14}");
		assertThat(created.text("orderId")).isEqualTo("ROUTE-7");
		assertThat(created.json().get("aCallsLastMember").asBoolean()).isTrue();
		assertThat(members(created)).as("masked, a number given twice once")
			.containsExactlyInAnyOrder(masked(b1), masked(b2));

		String b3 = mobile();
		Response added = expect(
				call("POST", "/v1/groups/" + groupId + "/members", token, Map.of("numbers", List.of(b3, b1))), 200);
		assertThat(members(added)).containsExactlyInAnyOrder(masked(b1), masked(b2), masked(b3));
		Response removed = expect(call("POST", "/v1/groups/" + groupId + "/members/removals", token,
				Map.of("numbers", List.of(b1, mobile()))), 200);
		assertThat(members(removed)).containsExactlyInAnyOrder(masked(b2), masked(b3));
		assertThat(members(expect(call("GET", "/v1/groups/" + groupId, token, null), 200)))
			.containsExactlyInAnyOrder(masked(b2), masked(b3));

		expect(call("DELETE", "/v1/groups/" + groupId, token, null), 204);
		assertThat(call("GET", "/v1/groups/" + groupId, token, null).code()).isEqualTo("GROUP_NOT_FOUND");
		assertThat(call("DELETE", "/v1/groups/" + groupId, token, null).code()).isEqualTo("GROUP_NOT_FOUND");

		List<Map<String, String>> events = allEvents().stream().filter(e -> groupId.equals(e.get("groupId"))).toList();
		assertThat(events).extracting(e -> e.get("type"))
			.containsExactly("GROUP_CREATED", "GROUP_MEMBERS_ADDED", "GROUP_MEMBERS_REMOVED", "GROUP_DELETED");
		Map<String, String> first = events.get(0);
		assertThat(first.get("memberIndexes").split(",")).containsExactlyInAnyOrder(index(b1), index(b2));
		assertThat(protector.decryptParties(first.get("parties"))).extracting(RealNumber::masked)
			.containsExactlyInAnyOrder(masked(b1), masked(b2));
		assertThat(first.get("orderId")).isEqualTo("ROUTE-7");
		assertThat(events.get(1).get("memberIndexes").split(",")).containsExactlyInAnyOrder(index(b3), index(b1));
	}

	@Test
	void badGroupsAreRefusedAndChangeNothing() {
		String platformId = platform(List.of(segmentPool(null, null)[0]), null);
		String token = platformToken(platformId);
		assertThat(call("POST", "/v1/groups", token, Map.of("members", List.of())).code())
			.isEqualTo("VALIDATION_FAILED");
		assertThat(call("POST", "/v1/groups", token, Map.of()).code()).isEqualTo("VALIDATION_FAILED");
		List<String> tooMany = new ArrayList<>();
		for (int i = 0; i < 201; i++) {
			tooMany.add(mobile());
		}
		assertThat(call("POST", "/v1/groups", token, Map.of("members", tooMany)).code()).isEqualTo("VALIDATION_FAILED");
		assertThat(call("POST", "/v1/groups", token, Map.of("members", List.of("12345"))).code())
			.isEqualTo("INVALID_PHONE_NUMBER");
		assertThat(
				call("POST", "/v1/groups", token, Map.of("orderId", "bad order", "members", List.of(mobile()))).code())
			.isEqualTo("VALIDATION_FAILED");
		assertThat(allEvents())
			.noneMatch(e -> platformId.equals(e.get("platformId")) && e.get("type").startsWith("GROUP_"));

		Response group = expect(call("POST", "/v1/groups", token, Map.of("members", tooMany.subList(0, 199))), 201);
		String groupId = group.text("groupId");
		Response over = call("POST", "/v1/groups/" + groupId + "/members", token,
				Map.of("numbers", List.of(mobile(), mobile())));
		assertThat(over.status()).isEqualTo(400);
		assertThat(over.code()).isEqualTo("VALIDATION_FAILED");
		assertThat(call("GET", "/v1/groups/" + groupId, token, null).json().get("members").size()).isEqualTo(199);
		assertThat(call("POST", "/v1/groups/" + groupId + "/members", token, Map.of("numbers", List.of("x1"))).code())
			.isEqualTo("INVALID_PHONE_NUMBER");
		assertThat(call("GET", "/v1/groups/not-a-group", token, null).code()).isEqualTo("GROUP_NOT_FOUND");
		assertThat(call("GET", "/v1/groups/00AAAAAAAAAAAAAA", token, null).code()).isEqualTo("GROUP_NOT_FOUND");
		assertThat(call("POST", "/v1/groups", operator(), Map.of("members", List.of(mobile()))).status())
			.isEqualTo(403);
	}

	@Test
	void aCreateRetriedWithItsIdempotencyKeyAnswersTheFirstGroup() {
		String platformId = platform(List.of(segmentPool(null, null)[0]), null);
		String token = platformToken(platformId);
		Map<String, Object> body = Map.of("orderId", "ROUTE-K", "members", List.of(mobile(), mobile()));
		Response first = expect(call("POST", "/v1/groups", token, body, "Idempotency-Key", "group-key-1"), 201);
		Response again = expect(call("POST", "/v1/groups", token, body, "Idempotency-Key", "group-key-1"), 201);
		assertThat(again.text("groupId")).isEqualTo(first.text("groupId"));
		assertThat(members(again)).isEqualTo(members(first));

		Response reused = call("POST", "/v1/groups", token, Map.of("members", List.of(mobile())), "Idempotency-Key",
				"group-key-1");
		assertThat(reused.status()).isEqualTo(422);
		assertThat(reused.code()).isEqualTo("IDEMPOTENCY_KEY_REUSED");
		assertThat(call("POST", "/v1/groups", token, body, "Idempotency-Key", "bad key").code())
			.isEqualTo("VALIDATION_FAILED");
		assertThat(allEvents())
			.filteredOn(e -> platformId.equals(e.get("platformId")) && e.get("type").startsWith("GROUP_"))
			.extracting(e -> e.get("type"))
			.containsExactly("GROUP_CREATED");
	}

	@Test
	void aSuspendedPlatformReadsItsGroupsButCreatesChangesAndDeletesNone() {
		String platformId = platform(List.of(segmentPool(null, null)[0]), null);
		String token = platformToken(platformId);
		String b = mobile();
		String groupId = expect(call("POST", "/v1/groups", token, Map.of("members", List.of(b))), 201).text("groupId");
		expect(call("POST", "/v1/platforms/" + platformId + "/suspend", operator(), Map.of("reason", "groups")), 200);

		for (Response refused : List.of(call("POST", "/v1/groups", token, Map.of("members", List.of(mobile()))),
				call("POST", "/v1/groups/" + groupId + "/members", token, Map.of("numbers", List.of(mobile()))),
				call("POST", "/v1/groups/" + groupId + "/members/removals", token, Map.of("numbers", List.of(b))),
				call("DELETE", "/v1/groups/" + groupId, token, null))) {
			assertThat(refused.status()).isEqualTo(403);
			assertThat(refused.code()).isEqualTo("PLATFORM_SUSPENDED");
		}
		assertThat(members(expect(call("GET", "/v1/groups/" + groupId, token, null), 200))).containsExactly(masked(b));
		assertThat(allEvents())
			.filteredOn(e -> platformId.equals(e.get("platformId")) && e.get("type").startsWith("GROUP_"))
			.extracting(e -> e.get("type"))
			.containsExactly("GROUP_CREATED");
		expect(call("POST", "/v1/platforms/" + platformId + "/resume", operator(), null), 200);
		expect(call("DELETE", "/v1/groups/" + groupId, token, null), 204);
	}

	@Test
	void anotherPlatformsGroupIsNotFoundForReadingChangingDeletingOrBinding() {
		String[] pool = segmentPool(null, null);
		String mine = platformToken(platform(List.of(pool[0]), null));
		String theirs = platformToken(platform(List.of(pool[0]), null));
		String b = mobile();
		String groupId = expect(call("POST", "/v1/groups", mine, Map.of("members", List.of(b))), 201).text("groupId");

		for (Response refused : List.of(call("GET", "/v1/groups/" + groupId, theirs, null),
				call("POST", "/v1/groups/" + groupId + "/members", theirs, Map.of("numbers", List.of(mobile()))),
				call("POST", "/v1/groups/" + groupId + "/members/removals", theirs, Map.of("numbers", List.of(b))),
				call("DELETE", "/v1/groups/" + groupId, theirs, null),
				call("POST", "/v1/bindings", theirs, axg("ORD-T", mobile(), groupId)))) {
			assertThat(refused.status()).isEqualTo(404);
			assertThat(refused.code()).isEqualTo("GROUP_NOT_FOUND");
		}
		assertThat(members(expect(call("GET", "/v1/groups/" + groupId, mine, null), 200))).containsExactly(masked(b));
	}

	@Test
	void anAxgBindingHoldsXAloneAndTakesItsGroupWithIt() {
		String[] pool = segmentPool(null, null);
		String token = platformToken(platform(List.of(pool[0]), null));
		String groupId = expect(call("POST", "/v1/groups", token, Map.of("members", List.of(mobile()))), 201)
			.text("groupId");

		Map<String, Object> withB = axg("ORD-G", mobile(), groupId);
		withB.put("partyB", mobile());
		assertThat(call("POST", "/v1/bindings", token, withB).code()).isEqualTo("VALIDATION_FAILED");
		Map<String, Object> noGroup = axg("ORD-G", mobile(), groupId);
		noGroup.remove("groupId");
		assertThat(call("POST", "/v1/bindings", token, noGroup).code()).isEqualTo("VALIDATION_FAILED");
		Map<String, Object> axbWithGroup = axb("ORD-G", mobile(), mobile());
		axbWithGroup.put("groupId", groupId);
		assertThat(call("POST", "/v1/bindings", token, axbWithGroup).code()).isEqualTo("VALIDATION_FAILED");
		Map<String, Object> oneWay = axg("ORD-G", mobile(), groupId);
		oneWay.put("direction", "A_TO_B");
		assertThat(call("POST", "/v1/bindings", token, oneWay).code()).isEqualTo("VALIDATION_FAILED");
		assertThat(call("POST", "/v1/bindings", token, axg("ORD-G", mobile(), "00AAAAAAAAAAAAAA")).code())
			.isEqualTo("GROUP_NOT_FOUND");

		Response bound = expect(call("POST", "/v1/bindings", token, axg("ORD-G", mobile(), groupId)), 201);
		assertThat(bound.text("mode")).isEqualTo("AXG");
		assertThat(bound.text("partyB")).isNull();
		assertThat(bound.text("groupId")).isEqualTo(groupId);
		String x = bound.text("virtualNumber");
		Map<String, Object> same = axb("ORD-H", mobile(), mobile());
		same.put("virtualNumber", x);
		assertThat(call("POST", "/v1/bindings", token, same).code()).as("X is A's alone")
			.isEqualTo("NUMBER_UNAVAILABLE");
		Response read = expect(call("GET", "/v1/bindings/" + bound.text("bindingId"), token, null), 200);
		assertThat(read.text("mode")).isEqualTo("AXG");
		assertThat(read.text("groupId")).isEqualTo(groupId);
		assertThat(call("GET", "/v1/bindings?orderId=ORD-G", token, null).json()
			.get("bindings")
			.get(0)
			.get("groupId")
			.asString()).isEqualTo(groupId);
		Map<String, String> created = eventsOf(bound.text("bindingId")).get(0);
		assertThat(created.get("type")).isEqualTo("BINDING_CREATED");
		assertThat(created.get("mode")).isEqualTo("AXG");
		assertThat(created.get("groupId")).isEqualTo(groupId);
		assertThat(created.get("aCallsLastMember")).isEqualTo("true");

		Response stillBound = call("DELETE", "/v1/groups/" + groupId, token, null);
		assertThat(stillBound.status()).isEqualTo(409);
		assertThat(stillBound.code()).isEqualTo("GROUP_BOUND");
		expect(call("DELETE", "/v1/bindings/" + bound.text("bindingId"), token, null), 204);
		expect(call("DELETE", "/v1/groups/" + groupId, token, null), 204);
	}

	@Test
	void membersReachAAndANobodyElseAsTheGroupChanges() {
		String[] pool = segmentPool(null, null);
		String platformId = platform(List.of(pool[0]), null);
		String token = platformToken(platformId);
		String a = mobile();
		String b1 = mobile();
		String b2 = mobile();
		String groupId = expect(call("POST", "/v1/groups", token, Map.of("members", List.of(b1, b2))), 201)
			.text("groupId");
		Response bound = expect(call("POST", "/v1/bindings", token, axg("ORD-R", a, groupId)), 201);
		String x = bound.text("virtualNumber");
		String id = bound.text("bindingId");

		assertThat(route(x, a).reason()).as("A before any member called").isEqualTo("NO_RECENT_CALLER");
		RouteCall.Decision member = route(x, b1);
		assertThat(member.action()).isEqualTo("CONNECT");
		assertThat(member.bindingId()).isEqualTo(id);
		assertThat(callee(member)).isEqualTo(a);
		assertThat(callee(route(x, a))).as("A calls the last member back").isEqualTo(b1);
		assertThat(callee(route(x, b2))).isEqualTo(a);
		assertThat(callee(route(x, a))).isEqualTo(b2);

		String stranger = mobile();
		RouteCall.Decision refused = route(x, stranger);
		assertThat(refused.action()).isEqualTo("REJECT");
		assertThat(refused.reason()).isEqualTo("NOT_GROUP_MEMBER");
		assertThat(refused.bindingId()).isEqualTo(id);

		expect(call("POST", "/v1/groups/" + groupId + "/members", token, Map.of("numbers", List.of(stranger))), 200);
		assertThat(callee(route(x, stranger))).as("added member").isEqualTo(a);
		expect(call("POST", "/v1/groups/" + groupId + "/members/removals", token, Map.of("numbers", List.of(b1))), 200);
		assertThat(route(x, b1).reason()).as("removed member").isEqualTo("NOT_GROUP_MEMBER");
		assertThat(callee(route(x, b2))).isEqualTo(a);

		expect(call("POST", "/v1/blocklist", token(Role.REGULATOR, null), Map.of("number", b2, "reason", "axg")), 201);
		assertThat(route(x, b2).reason()).isEqualTo("CALLER_BLOCKED");

		expect(call("POST", "/v1/platforms/" + platformId + "/suspend", operator(), Map.of("reason", "axg test")), 200);
		assertThat(route(x, stranger).reason()).isEqualTo("PLATFORM_SUSPENDED");
		expect(call("POST", "/v1/platforms/" + platformId + "/resume", operator(), null), 200);

		expect(call("DELETE", "/v1/bindings/" + id, token, null), 204);
		assertThat(route(x, stranger).reason()).as("ended").isEqualTo("BINDING_EXPIRED");
		assertThat(route(x, a).reason()).isEqualTo("BINDING_EXPIRED");
	}

	@Test
	void aGroupThatSaysSoKeepsAFromCallingItsMembers() {
		String token = platformToken(platform(List.of(segmentPool(null, null)[0]), null));
		String a = mobile();
		String b = mobile();
		String groupId = expect(
				call("POST", "/v1/groups", token, Map.of("members", List.of(b), "aCallsLastMember", false)), 201)
			.text("groupId");
		String x = expect(call("POST", "/v1/bindings", token, axg("ORD-N", a, groupId)), 201).text("virtualNumber");

		assertThat(callee(route(x, b))).isEqualTo(a);
		assertThat(route(x, a).reason()).isEqualTo("DIRECTION_NOT_ALLOWED");
	}

	@Test
	void aMemberEditReachesEveryActiveBindingOfTheGroup() {
		String[] pool = segmentPool(null, null);
		String token = platformToken(platform(List.of(pool[0]), null));
		String groupId = expect(call("POST", "/v1/groups", token, Map.of("members", List.of(mobile()))), 201)
			.text("groupId");
		String x1 = expect(call("POST", "/v1/bindings", token, axg("ORD-1", mobile(), groupId)), 201)
			.text("virtualNumber");
		Response second = expect(call("POST", "/v1/bindings", token, axg("ORD-2", mobile(), groupId)), 201);
		String x2 = second.text("virtualNumber");
		String added = mobile();
		assertThat(route(x1, added).reason()).isEqualTo("NOT_GROUP_MEMBER");

		expect(call("POST", "/v1/groups/" + groupId + "/members", token, Map.of("numbers", List.of(added))), 200);
		assertThat(route(x1, added).action()).isEqualTo("CONNECT");
		assertThat(route(x2, added).action()).isEqualTo("CONNECT");

		expect(call("DELETE", "/v1/bindings/" + second.text("bindingId"), token, null), 204);
		expect(call("POST", "/v1/groups/" + groupId + "/members/removals", token, Map.of("numbers", List.of(added))),
				200);
		assertThat(route(x1, added).reason()).isEqualTo("NOT_GROUP_MEMBER");
		assertThat(call("DELETE", "/v1/groups/" + groupId, token, null).code()).isEqualTo("GROUP_BOUND");
	}

	static Map<String, Object> axg(String orderId, String a, String groupId) {
		Map<String, Object> request = new HashMap<>(axn(orderId, a));
		request.put("mode", "AXG");
		request.put("groupId", groupId);
		return request;
	}

	/** The carrier's question, as call-routing-service asks route.lua. */
	private RouteCall.Decision route(String x, String caller) {
		RealNumber number = RealNumber.parse(caller);
		RouteCall call = new RouteCall(x, "call-" + UUID.randomUUID(), protector.blindIndex(number),
				protector.encryptParties(List.of(number)), "VOICE", 1000, 600_000, 86_400_000, 86_400_000,
				"evt-" + UUID.randomUUID(), 1_000_000);
		return scripts.call(call, keys.shardBase(io.numshield.core.number.VirtualNumber.parse(x).shard()));
	}

	private String callee(RouteCall.Decision decision) {
		assertThat(decision.action()).as(decision.reason()).isEqualTo("CONNECT");
		return protector.decryptParties(decision.calleeCiphertext()).get(decision.calleePosition() - 1).national();
	}

	private String index(String number) {
		return protector.blindIndex(RealNumber.parse(number));
	}

	private static String masked(String number) {
		return RealNumber.parse(number).masked();
	}

	private static List<String> members(Response group) {
		List<String> masked = new ArrayList<>();
		group.json().get("members").forEach(m -> masked.add(m.asString()));
		return masked;
	}

}
