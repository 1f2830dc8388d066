package io.numshield.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.numshield.core.number.ManagementNumber;
import io.numshield.core.number.RealNumber;
import io.numshield.core.redis.BindingId;
import io.numshield.core.redis.LeaseCall;
import io.numshield.core.redis.LeaseScript;
import io.numshield.testsupport.PhoneFixtures;

import io.numshield.core.token.Role;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.redisson.api.stream.StreamMessageId;
import org.redisson.client.codec.StringCodec;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * AXG (issue 15, ADR 0024): the GROUP_* events group.lua writes, and an AXG binding's
 * BINDING_CREATED, reach the ledger (none a dead letter), members masked and as blind
 * indexes; the binding is a holding of X by A, as AXN's.
 */
class GroupLedgerIT extends AuditIntegrationTest {

	@Test
	void everyChangeOfAGroupAndItsAxgBindingIsLedgeredMasked() throws Exception {
		Instant from = Instant.now().minusSeconds(1);
		ManagementNumber block = leases().newBlock();
		String groupId = BindingId.random(block.shard()).value();
		String base = keys.shardBase(block.shard());
		String b1 = PhoneFixtures.mobile();
		String b2 = PhoneFixtures.mobile();
		String b3 = PhoneFixtures.mobile();
		String platform = AuditTestContext.PLATFORM;
		// as binding-service's RedisGroupStore calls group.lua
		assertThat(scripts
			.answer(LeaseScript.GROUP, base, members(List.of("CREATE", groupId, platform, "ROUTE-1", "1",
					"group-created:" + groupId, protector.encryptParties(numbers(b1, b2)), "200"), b1, b2))
			.get("r")).isEqualTo("OK");
		assertThat(scripts
			.answer(LeaseScript.GROUP, base,
					members(List.of("ADD", groupId, platform, "group-added:" + groupId,
							protector.encryptParties(numbers(b3)), "200"), b3))
			.get("r")).isEqualTo("OK");
		assertThat(scripts
			.answer(LeaseScript.GROUP, base,
					members(List.of("REMOVE", groupId, platform, "group-removed:" + groupId,
							protector.encryptParties(numbers(b1)), "200"), b1))
			.get("r")).isEqualTo("OK");
		// the removal and the lease in different milliseconds: party search counts a
		// membership's end to its millisecond
		Thread.sleep(5);

		String a = PhoneFixtures.mobile();
		RealNumber partyA = RealNumber.parse(a);
		BindingId id = BindingId.random(block.shard());
		LeaseCall.Reply leased = scripts.call(new LeaseCall(id.value(), platform, "ORD-G", "AXG", block.digits(), 0,
				protector.blindIndex(partyA), "", protector.encryptParties(List.of(partyA)), "BOTH", false,
				Duration.ofMinutes(10).toMillis(), null, 0, "consent-g", Instant.now(), 1000, "",
				new LeaseCall.Group(groupId, true, 3, List.of(index(b2), index(b3)))), base);
		assertThat(leased.result()).isEqualTo("OK");
		assertThat(scripts.answer(LeaseScript.GROUP, base, "DELETE", groupId, platform, "group-deleted:" + groupId)
			.get("r")).isEqualTo("OK");

		await().atMost(Duration.ofSeconds(15))
			.until(() -> jdbc.queryForObject("SELECT count(*) FROM ledger WHERE event_id LIKE ?", Long.class,
					"group-%:" + groupId) == 4);
		List<Map<String, Object>> rows = jdbc.queryForList(
				"SELECT type, party_a, party_b, platform_id, order_id, details FROM ledger WHERE event_id LIKE ? "
						+ "ORDER BY seq",
				"group-%:" + groupId);
		assertThat(rows).extracting(r -> r.get("type"))
			.containsExactly("GROUP_CREATED", "GROUP_MEMBERS_ADDED", "GROUP_MEMBERS_REMOVED", "GROUP_DELETED");
		assertThat(rows.get(0).get("party_a")).isEqualTo(partyMasked(b1));
		assertThat(rows.get(0).get("party_b")).isEqualTo(partyMasked(b2));
		assertThat(rows.get(0).get("order_id")).isEqualTo("ROUTE-1");
		assertThat((String) rows.get(0).get("details")).contains(groupId).contains(index(b1)).contains(index(b2));
		assertThat(rows.get(2).get("party_a")).isEqualTo(partyMasked(b1));

		await().atMost(Duration.ofSeconds(15))
			.until(() -> jdbc.queryForObject("SELECT count(*) FROM holding WHERE binding_id = ?", Long.class,
					id.value()) == 1);
		Map<String, Object> holding = jdbc
			.queryForMap("SELECT mode, virtual_number, party_a_index FROM holding WHERE binding_id = ?", id.value());
		assertThat(holding.get("mode")).isEqualTo("AXG");
		assertThat(holding.get("virtual_number")).isEqualTo(leased.virtualNumber());
		assertThat(holding.get("party_a_index")).isEqualTo(protector.blindIndex(partyA));
		assertThat(jdbc.queryForObject("SELECT details FROM ledger WHERE binding_id = ? AND type = 'BINDING_CREATED'",
				String.class, id.value()))
			.contains(groupId);

		// party search: a member's groups, each with the AXG bindings held while it was
		// one; the member removed before the lease was in the group, but saw no binding
		Instant to = Instant.now().plusSeconds(1);
		JsonNode found = search(b2, from, to);
		assertThat(found.get("holders")).isEmpty();
		assertThat(found.get("groups")).singleElement().satisfies(g -> {
			assertThat(g.get("groupId").asString()).isEqualTo(groupId);
			assertThat(g.get("platformId").asString()).isEqualTo(platform);
			assertThat(g.get("orderId").asString()).isEqualTo("ROUTE-1");
			assertThat(g.get("memberUntil").isNull()).as("until the group was deleted").isFalse();
			assertThat(g.get("bindings")).singleElement().satisfies(h -> {
				assertThat(h.get("bindingId").asString()).isEqualTo(id.value());
				assertThat(h.get("mode").asString()).isEqualTo("AXG");
				assertThat(h.get("partyA").asString()).isEqualTo(PhoneFixtures.e164(a));
			});
		});
		assertThat(search(b3, from, to).get("groups")).singleElement()
			.satisfies(g -> assertThat(g.get("bindings")).hasSize(1));
		JsonNode removed = search(b1, from, to);
		assertThat(removed.get("groups")).singleElement()
			.satisfies(g -> assertThat(g.get("bindings")).as("removed before the lease").isEmpty());
		assertThat(search(PhoneFixtures.mobile(), from, to).get("groups")).isEmpty();
		assertThat(search(b2, to, to.plusSeconds(60)).get("groups")).as("deleted before the period").isEmpty();
		JsonNode access = json.readTree(jdbc.queryForObject(
				"SELECT details FROM ledger WHERE type = 'ACCESS' AND party_a_index = ? ORDER BY seq LIMIT 1",
				String.class, index(b2)));
		assertThat(access.get("bindingIds")).extracting(JsonNode::asString).containsExactly(id.value());

		var dead = redisson.<String, String>getStream(keys.auditDeadLetters(), StringCodec.INSTANCE);
		if (dead.isExists()) {
			assertThat(dead.range(StreamMessageId.MIN, StreamMessageId.MAX).values())
				.noneMatch(f -> String.valueOf(f.get("eventId")).endsWith(groupId));
		}
		String dump = jdbc.queryForList("SELECT l::text FROM ledger l", String.class).toString();
		for (String number : List.of(b1, b2, b3, a)) {
			for (String form : PhoneFixtures.forms(number)) {
				assertThat(dump).doesNotContain(form);
			}
		}
	}

	@LocalServerPort
	int port;

	@Autowired
	ObjectMapper json;

	private JsonNode search(String party, Instant from, Instant to) throws Exception {
		HttpResponse<String> response = new AuditHttp(port).post("/v1/audit/party-search", json.writeValueAsString(
				Map.of("party", party, "from", from.toString(), "to", to.toString(), "reason", "group member check")),
				Role.REGULATOR);
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		return json.readTree(response.body());
	}

	private static String partyMasked(String number) {
		return RealNumber.parse(number).masked();
	}

}
