package io.numshield.binding.lease;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.numshield.core.number.VirtualShard;
import io.numshield.core.problem.ProblemCode;
import io.numshield.core.problem.Refusal;
import io.numshield.support.lifecycle.PeriodicTask;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * No lease goes unrecorded: every {@code audit-backlog-check} it reads how many events
 * each shard's lease stream holds that the audit group has not acknowledged; a shard over
 * {@code audit-backlog-limit} takes no new lease (503 AUDIT_BACKLOG when no other shard
 * can take it), while every other shard leases on. Leasing resumes by itself once the
 * audit trail catches up. Call events have streams of their own and do not count. The
 * gauge {@code binding.audit.backlog} shows the largest backlog,
 * {@code binding.audit.backlog.shards} how many shards are over the bound,
 * {@code binding.audit.backlog.limit} the bound.
 */
@Component
class AuditBacklogGuard extends PeriodicTask {

	private static final Logger log = LoggerFactory.getLogger(AuditBacklogGuard.class);

	private final AuditBacklogProbe probe;

	private final LeaseProperties properties;

	private volatile long largest;

	/** Shard id → over the bound; replaced whole by each refresh. */
	private volatile boolean[] over = new boolean[VirtualShard.COUNT];

	AuditBacklogGuard(AuditBacklogProbe probe, LeaseProperties properties, MeterRegistry meters) {
		super("audit-backlog", properties.auditBacklogCheck());
		this.probe = probe;
		this.properties = properties;
		Gauge.builder("binding.audit.backlog", this, g -> g.largest).register(meters);
		Gauge.builder("binding.audit.backlog.shards", this, g -> g.overCount()).register(meters);
		// the bound itself, so that the backlog alerts follow a changed setting
		Gauge.builder("binding.audit.backlog.limit", properties, LeaseProperties::auditBacklogLimit).register(meters);
		refresh();
	}

	@Override
	protected void runOnce() {
		refresh();
	}

	/** Whether the shard's audit trail is too far behind to lease on it. */
	boolean behind(VirtualShard shard) {
		return over[shard.id()];
	}

	/** Refuses a new lease on this shard while its audit trail is too far behind. */
	void check(VirtualShard shard) {
		if (behind(shard)) {
			throw refusal();
		}
	}

	static Refusal refusal() {
		return new Refusal(ProblemCode.AUDIT_BACKLOG,
				"the audit trail of this number's shard is too far behind to lease safely; retry shortly");
	}

	/**
	 * Reads every shard's backlog; synchronized so that the answer of a later read is
	 * never overwritten by an earlier one.
	 */
	synchronized void refresh() {
		try {
			long max = 0;
			boolean[] next = new boolean[VirtualShard.COUNT];
			for (VirtualShard shard : VirtualShard.all()) {
				long backlog = probe.backlog(shard, properties.auditGroup());
				max = Math.max(max, backlog);
				next[shard.id()] = backlog > properties.auditBacklogLimit();
				if (next[shard.id()] != over[shard.id()]) {
					log.warn(
							next[shard.id()] ? "audit backlog {} of shard {} is over {}: no new leases on it"
									: "audit backlog {} of shard {} is back under {}: leasing on it again",
							backlog, shard.tag(), properties.auditBacklogLimit());
				}
			}
			largest = max;
			over = next;
		}
		catch (RuntimeException ex) {
			log.warn("cannot read the audit backlog; keeping the last answer: {}", ex.toString());
		}
	}

	private int overCount() {
		int n = 0;
		for (boolean b : over) {
			n += b ? 1 : 0;
		}
		return n;
	}

}
