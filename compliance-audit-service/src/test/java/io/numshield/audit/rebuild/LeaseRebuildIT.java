package io.numshield.audit.rebuild;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.numshield.audit.AuditIntegrationTest;
import io.numshield.audit.AuditTestContext;
import io.numshield.core.number.ManagementNumber;
import io.numshield.core.number.RealNumber;
import io.numshield.core.redis.RouteCall;
import io.numshield.testsupport.PhoneFixtures;

import java.time.Duration;
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

	private RouteCall.Decision routeExtension(String x, String extension, String caller) {
		RealNumber number = RealNumber.parse(caller);
		return scripts.call(
				new RouteCall(x, "c-" + java.util.UUID.randomUUID(), protector.blindIndex(number),
						protector.encryptParties(List.of(number)), "VOICE", 30, 600_000, 86_400_000, 86_400_000,
						"routed:" + java.util.UUID.randomUUID(), 100_000, "", extension),
				keys.shardBase(new io.numshield.core.number.VirtualNumber(x).shard()));
	}

}
