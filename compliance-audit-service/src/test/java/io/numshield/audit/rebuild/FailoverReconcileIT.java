package io.numshield.audit.rebuild;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.numshield.audit.AuditIntegrationTest;
import io.numshield.audit.AuditTestContext;
import io.numshield.core.number.ManagementNumber;
import io.numshield.testsupport.PhoneFixtures;
import io.numshield.testsupport.RedisClusterProcess;
import io.numshield.testsupport.RedisServerProcess;
import io.numshield.testsupport.TestInfrastructure;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * On Redis Cluster (`make test-cluster`), a shard's master dies after losing a lease the
 * ledger has (its lease state wiped first, as a master that had not replicated it would
 * have lost it); once the replica has taken over, the audit service notices that the
 * shard moved and puts the lease back from the ledger by itself: the binding routes
 * again. Skipped on one Redis node.
 */
class FailoverReconcileIT extends AuditIntegrationTest {

	@Autowired
	FailoverReconciler reconciler;

	@Test
	void aLeaseTheDeadMasterLostIsPutBackFromTheLedgerAfterTheFailover() throws Exception {
		RedisClusterProcess cluster = TestInfrastructure.get().cluster().orElse(null);
		assumeTrue(cluster != null, "NUMSHIELD_TEST_REDIS_CLUSTER=1 (make test-cluster) runs this on a cluster");
		await().atMost(Duration.ofSeconds(30)).until(reconciler::watching);
		AuditTestContext leases = leases();
		ManagementNumber block = leases.newBlock();
		String partyA = PhoneFixtures.mobile();
		Map<String, Object> lease = leases.lease(block, 3, partyA, PhoneFixtures.mobile(), Duration.ofMinutes(30));
		String id = (String) lease.get("id");
		String number = (String) lease.get("x");
		await().atMost(Duration.ofSeconds(30))
			.until(() -> jdbc.queryForObject("SELECT count(*) FROM holding WHERE binding_id = ?", Long.class, id) == 1);

		wipeLeaseState(block);
		assertThat(route(number, partyA).action()).isEqualTo("REJECT");
		cluster.awaitReplicated();
		String base = keys.shardBase(block.shard());
		RedisServerProcess dead = cluster.masterOf(base);
		dead.kill();
		await().atMost(Duration.ofSeconds(60))
			.pollInterval(Duration.ofMillis(100))
			.until(() -> cluster.masterServing(base).filter(m -> m.port() != dead.port()).isPresent());
		cluster.restart(dead);

		await().atMost(Duration.ofSeconds(60))
			.pollInterval(Duration.ofMillis(200))
			.ignoreExceptions()
			.until(() -> "CONNECT".equals(route(number, partyA).action()));
		assertThat(route(number, partyA).bindingId()).isEqualTo(id);
		cluster.awaitHealthy();
	}

}
