package io.numshield.audit.rebuild;

import io.micrometer.core.instrument.MeterRegistry;
import io.numshield.core.number.VirtualShard;
import io.numshield.core.redis.RedisKeys;
import io.numshield.core.redis.ScriptConnection;
import io.numshield.support.lifecycle.PeriodicTask;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * On Redis Cluster, a shard whose master changed (its replica took over after the master
 * died) is reconciled against the ledger by itself: {@link LeaseRebuild} for that shard's
 * live bindings, so that a lease the dead master had acknowledged but not replicated is
 * put back when its event reached the ledger ({@code OK}), or reported when its number
 * has since been leased again ({@code CONFLICT}, logged by binding id). A lease whose
 * event was lost with it is not in the ledger either: that is what
 * {@code numshield.redis.durability.replicas} prevents. Every
 * {@code numshield.audit.rebuild.failover-check} it compares each shard's master with the
 * one it saw before (as the Lettuce client's slot map says); a rebuild that fails (Redis
 * still moving) is tried again next round. Does nothing on one Redis node. Several
 * instances may rebuild the same shard: the restore of a binding Redis has is a no-op
 * ({@code EXISTS}).
 */
@Component
class FailoverReconciler extends PeriodicTask {

	private static final Logger log = LoggerFactory.getLogger(FailoverReconciler.class);

	private final ScriptConnection redis;

	private final RedisKeys keys;

	private final LeaseRebuild rebuild;

	private final MeterRegistry meters;

	/** Each shard's master at the last round that ended well; null before the first. */
	private volatile Map<Integer, String> masters;

	FailoverReconciler(ScriptConnection redis, RedisKeys keys, LeaseRebuild rebuild, RebuildProperties properties,
			MeterRegistry meters) {
		super("failover-reconcile", properties.failoverCheck());
		this.redis = redis;
		this.keys = keys;
		this.rebuild = rebuild;
		this.meters = meters;
	}

	@Override
	protected void runOnce() {
		Map<Integer, String> now = new HashMap<>();
		for (int shard = 0; shard < VirtualShard.COUNT; shard++) {
			int id = shard;
			redis.masterOf(keys.shardBase(new VirtualShard(shard))).ifPresent(node -> now.put(id, node));
		}
		if (now.isEmpty()) {
			return; // one node, or no slot map yet
		}
		Map<Integer, String> before = masters;
		List<Integer> moved = new ArrayList<>();
		if (before != null) {
			now.forEach((shard, node) -> {
				if (before.containsKey(shard) && !before.get(shard).equals(node)) {
					moved.add(shard);
				}
			});
		}
		if (!moved.isEmpty()) {
			log.warn("shards {} moved to another Redis master: reconciling their live leases with the ledger", moved);
			Map<String, Integer> outcomes = rebuild.rebuild(moved);
			log.warn("reconciled shards {} after the failover: {}", moved, outcomes);
			outcomes.forEach((outcome, count) -> meters.counter("audit.rebuild.after-failover", "outcome", outcome)
				.increment(count));
		}
		masters = now;
	}

	/**
	 * Whether a first round saw the cluster's masters (the tests wait for it before they
	 * kill one).
	 */
	boolean watching() {
		return masters != null;
	}

}
