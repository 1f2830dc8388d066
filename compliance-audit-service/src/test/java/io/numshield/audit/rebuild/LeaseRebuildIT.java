package io.numshield.audit.rebuild;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.numshield.audit.AuditIntegrationTest;
import io.numshield.audit.AuditTestContext;
import io.numshield.core.number.ManagementNumber;
import io.numshield.core.number.RealNumber;
import io.numshield.core.redis.BindingId;
import io.numshield.core.redis.LeaseCall;
import io.numshield.core.redis.LeaseScript;
import io.numshield.core.redis.RouteCall;
import io.numshield.testsupport.PhoneFixtures;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Redis loses the lease state of a shard; the rebuild puts every live binding back from
 * the ledger, and every one of them routes again with the real routing script. The expiry
 * bucket width comes from the shard, where binding-service's sweeper records it: without
 * it nothing is restored.
 */
class LeaseRebuildIT extends AuditIntegrationTest {

	@Autowired
	LeaseRebuild rebuild;

	@Test
	void everyUnexpiredBindingRoutesAgainAfterTheRebuild() {
		AuditTestContext leases = leases();
		ManagementNumber block = leases.newBlock();
		String[][] parties = new String[4][];
		String[] ids = new String[4];
		String[] numbers = new String[4];
		for (int i = 0; i < 3; i++) {
			parties[i] = new String[] { PhoneFixtures.mobile(), PhoneFixtures.mobile() };
			Map<String, Object> lease = leases.lease(block, i, parties[i][0], parties[i][1], Duration.ofMinutes(30));
			ids[i] = (String) lease.get("id");
			numbers[i] = (String) lease.get("x");
		}
		parties[3] = new String[] { PhoneFixtures.mobile() };
		Map<String, Object> axn = leases.lease(block, 9, parties[3][0], null, Duration.ofMinutes(30));
		ids[3] = (String) axn.get("id");
		numbers[3] = (String) axn.get("x");
		leases.release(ids[2]);
		await().atMost(Duration.ofSeconds(15))
			.until(() -> jdbc.queryForObject("SELECT count(*) FROM holding WHERE binding_id = ANY (?)", Long.class,
					(Object) ids) == 4
					&& jdbc.queryForObject(
							"SELECT count(*) FROM holding WHERE binding_id = ? AND released_at IS NOT NULL", Long.class,
							ids[2]) == 1);

		wipeLeaseState(block);
		assertThat(route(numbers[0], parties[0][0]).action()).isEqualTo("REJECT");

		// the bucket width is binding-service's, from the shard: none there, nothing
		// restored
		redisson.getBucket(keys.shardBase(block.shard()) + "cfg").delete();
		assertThat(rebuild.rebuild(List.of(block.shard().id()))).containsKey("BUCKET_UNKNOWN").doesNotContainKey("OK");
		sweep(block);

		Map<String, Integer> outcomes = rebuild.rebuild();
		assertThat(outcomes).doesNotContainKeys("CONFLICT", "BLOCK_UNKNOWN", "BUCKET_UNKNOWN");
		assertThat(outcomes.get("OK")).isGreaterThanOrEqualTo(3);

		for (int i : new int[] { 0, 1 }) {
			RouteCall.Decision a = route(numbers[i], parties[i][0]);
			assertThat(a.action()).isEqualTo("CONNECT");
			assertThat(a.bindingId()).isEqualTo(ids[i]);
			assertThat(protector.decryptParties(a.calleeCiphertext()).get(a.calleePosition() - 1))
				.isEqualTo(RealNumber.parse(parties[i][1]));
			assertThat(route(numbers[i], parties[i][1]).action()).isEqualTo("CONNECT");
		}
		RouteCall.Decision toAxn = route(numbers[3], PhoneFixtures.mobile());
		assertThat(toAxn.action()).isEqualTo("CONNECT");
		assertThat(toAxn.bindingId()).isEqualTo(ids[3]);
		assertThat(route(numbers[2], parties[2][0]).action()).as("a released binding stays released")
			.isEqualTo("REJECT");

		// the numbers are taken again: the AXN number cannot be leased twice
		org.assertj.core.api.Assertions
			.assertThatThrownBy(() -> leases.lease(block, 9, PhoneFixtures.mobile(), null, Duration.ofMinutes(5)))
			.hasMessageContaining("NUMBER_UNAVAILABLE");
		assertThat(rebuild.rebuild()).doesNotContainKey("OK");
	}

	@Test
	void anAxeBindingComesBackOnItsExtensionWithItsOwnCallControls() {
		AuditTestContext leases = leases();
		ManagementNumber block = leases.newBlock();
		String a = PhoneFixtures.mobile();
		String b = PhoneFixtures.mobile();
		Map<String, Object> first = leases.leaseAxe(block, 5, a, b, "");
		Map<String, Object> second = leases.leaseAxe(block, 5, a, PhoneFixtures.mobile(), "90,welcome,");
		String x = (String) first.get("x");
		assertThat(second.get("x")).isEqualTo(x);
		String[] ids = { (String) first.get("id"), (String) second.get("id") };
		await().atMost(Duration.ofSeconds(15))
			.until(() -> jdbc.queryForObject(
					"SELECT count(*) FROM holding WHERE binding_id = ANY (?) AND extension IS NOT NULL", Long.class,
					(Object) ids) == 2);
		assertThat(jdbc.queryForObject("SELECT call_controls FROM holding WHERE binding_id = ?", String.class, ids[1]))
			.isEqualTo("90,welcome,");

		wipeLeaseState(block);
		assertThat(routeExtension(x, (String) first.get("extension"), a).action()).isEqualTo("REJECT");

		Map<String, Integer> outcomes = rebuild.rebuild(List.of(block.shard().id()));
		assertThat(outcomes).containsEntry("OK", 2).doesNotContainKeys("CONFLICT", "BLOCK_UNKNOWN");

		RouteCall.Decision toB = routeExtension(x, (String) first.get("extension"), a);
		assertThat(toB.action()).isEqualTo("CONNECT");
		assertThat(toB.bindingId()).isEqualTo(ids[0]);
		assertThat(protector.decryptParties(toB.calleeCiphertext()).get(toB.calleePosition() - 1))
			.isEqualTo(RealNumber.parse(b));
		RouteCall.Decision other = routeExtension(x, (String) second.get("extension"), a);
		assertThat(other.bindingId()).isEqualTo(ids[1]);
		assertThat(other.callControls()).isEqualTo("90,welcome,");
		assertThat(route(x, a).reason()).isEqualTo("EXTENSION_REQUIRED");
	}

	@Test
	void anAxgBindingComesBackWithItsGroupAndItsMembers() {
		AuditTestContext leases = leases();
		ManagementNumber block = leases.newBlock();
		String base = keys.shardBase(block.shard());
		String groupId = BindingId.random(block.shard()).value();
		String platform = AuditTestContext.PLATFORM;
		String b1 = PhoneFixtures.mobile();
		String b2 = PhoneFixtures.mobile();
		String b3 = PhoneFixtures.mobile();
		// as binding-service's RedisGroupStore calls group.lua: created with two, one
		// added, one removed
		assertThat(scripts
			.answer(LeaseScript.GROUP, base, members(List.of("CREATE", groupId, platform, "ROUTE-R", "1",
					"group-created:" + groupId, protector.encryptParties(numbers(b1, b2)), "200"), b1, b2))
			.get("r")).isEqualTo("OK");
		scripts.answer(LeaseScript.GROUP, base, members(List.of("ADD", groupId, platform, "group-added:" + groupId,
				protector.encryptParties(numbers(b3)), "200"), b3));
		Map<String, Object> before = scripts.answer(LeaseScript.GROUP, base, members(List.of("REMOVE", groupId,
				platform, "group-removed:" + groupId, protector.encryptParties(numbers(b1)), "200"), b1));
		long version = Long.parseLong(String.valueOf(before.get("version")));
		String a = PhoneFixtures.mobile();
		RealNumber partyA = RealNumber.parse(a);
		BindingId id = BindingId.random(block.shard());
		LeaseCall.Reply leased = scripts.call(new LeaseCall(id.value(), platform, "ORD-G", "AXG", block.digits(), 0,
				protector.blindIndex(partyA), "", protector.encryptParties(List.of(partyA)), "BOTH", false,
				Duration.ofMinutes(30).toMillis(), null, 0, "consent-g", Instant.now(), 1000, "",
				new LeaseCall.Group(groupId, true, version, List.of(index(b2), index(b3)))), base);
		assertThat(leased.result()).isEqualTo("OK");
		scripts.answer(LeaseScript.GROUP, base, "ATTACH", groupId, platform, id.value());
		String x = leased.virtualNumber();
		// the group's entries too: with two consumers in the group (two contexts here,
		// two
		// instances in production) they may reach the ledger in a round after the lease's
		await().atMost(Duration.ofSeconds(15))
			.until(() -> jdbc.queryForObject("SELECT count(*) FROM holding WHERE binding_id = ? AND group_id = ?",
					Long.class, id.value(), groupId) == 1
					&& jdbc.queryForObject("SELECT count(*) FROM ledger WHERE event_id IN (?, ?, ?)", Long.class,
							"group-created:" + groupId, "group-added:" + groupId, "group-removed:" + groupId) == 3);

		wipeLeaseState(block);
		assertThat(route(x, b2).action()).isEqualTo("REJECT");

		assertThat(rebuild.rebuild(List.of(block.shard().id()))).containsEntry("GROUP_OK", 1).containsEntry("OK", 1);
		RouteCall.Decision member = route(x, b2);
		assertThat(member.action()).isEqualTo("CONNECT");
		assertThat(member.bindingId()).isEqualTo(id.value());
		assertThat(route(x, b3).action()).isEqualTo("CONNECT");
		assertThat(route(x, b1).reason()).as("removed before the loss").isEqualTo("NOT_GROUP_MEMBER");
		assertThat(route(x, PhoneFixtures.mobile()).reason()).isEqualTo("NOT_GROUP_MEMBER");
		RouteCall.Decision back = route(x, a);
		assertThat(back.action()).as("A calls the last member back").isEqualTo("CONNECT");
		assertThat(protector.decryptParties(back.calleeCiphertext()).get(back.calleePosition() - 1))
			.isEqualTo(RealNumber.parse(b3));

		// the group at home as binding-service reads it: its members (each its own
		// ciphertext), its version, and the binding that holds it
		Map<String, Object> group = scripts.answer(LeaseScript.GROUP, base, "GET", groupId, platform);
		assertThat(group.get("version")).hasToString(Long.toString(version));
		assertThat(group.get("bound")).isEqualTo(id.value());
		assertThat(group.get("orderId")).isEqualTo("ROUTE-R");
		assertThat(String.valueOf(group.get("members")).split(",")).hasSize(2).allSatisfy(member1 -> {
			String[] pair = member1.split(":", 2);
			assertThat(pair[0]).isIn(index(b2), index(b3));
			assertThat(protector.blindIndex(protector.decryptParties(pair[1]).get(0))).isEqualTo(pair[0]);
		});
		assertThat(rebuild.rebuild(List.of(block.shard().id()))).containsEntry("GROUP_EXISTS", 1)
			.doesNotContainKey("OK");
		leases.release(id.value());
	}

	private RouteCall.Decision routeExtension(String x, String extension, String caller) {
		RealNumber number = RealNumber.parse(caller);
		return scripts.call(
				new RouteCall(x, "c-" + java.util.UUID.randomUUID(), protector.blindIndex(number),
						protector.encryptParties(List.of(number)), "VOICE", 30, 600_000, 86_400_000, 86_400_000,
						"routed:" + java.util.UUID.randomUUID(), 100_000, "", extension),
				keys.shardBase(new io.numshield.core.number.VirtualNumber(x).shard()));
	}

}
