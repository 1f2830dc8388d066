package io.numshield.binding.binding;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.numshield.binding.system.BindingProperties;
import io.numshield.core.number.VirtualShard;
import io.numshield.support.lifecycle.PeriodicTask;
import io.numshield.support.web.ApiException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/**
 * No lease goes unrecorded: every {@code audit-backlog-check} it reads how many events each shard's
 * stream holds that the audit group has not acknowledged; while the largest is over
 * {@code audit-backlog-limit}, new leases are refused with 503 AUDIT_BACKLOG. Leasing resumes by
 * itself once the audit trail catches up. The gauge {@code binding.audit.backlog} shows the largest.
 */
@Component
class AuditBacklogGuard extends PeriodicTask {

	private static final Logger log = LoggerFactory.getLogger(AuditBacklogGuard.class);

	private final AuditBacklogProbe probe;

	private final BindingProperties properties;

	private volatile long largest;

	private volatile boolean refusing;

	AuditBacklogGuard(AuditBacklogProbe probe, BindingProperties properties, MeterRegistry meters) {
		super("audit-backlog", properties.auditBacklogCheck());
		this.probe = probe;
		this.properties = properties;
		Gauge.builder("binding.audit.backlog", this, g -> g.largest).register(meters);
		refresh();
	}

	@Override
	protected void runOnce() {
		refresh();
	}

	/** Refuses a new lease while the audit trail is too far behind. */
	void check() {
		if (refusing) {
			throw new ApiException(HttpStatus.SERVICE_UNAVAILABLE, "AUDIT_BACKLOG",
					"the audit trail is too far behind to lease safely; retry shortly");
		}
	}

	void refresh() {
		try {
			long max = 0;
			for (VirtualShard shard : VirtualShard.all()) {
				max = Math.max(max, probe.backlog(shard, properties.auditGroup()));
			}
			boolean over = max > properties.auditBacklogLimit();
			if (over != refusing) {
				log.warn(over ? "audit backlog {} is over {}: refusing new leases" : "audit backlog {} is back under {}: leasing again",
						max, properties.auditBacklogLimit());
			}
			largest = max;
			refusing = over;
		}
		catch (RuntimeException ex) {
			log.warn("cannot read the audit backlog; keeping the last answer: {}", ex.toString());
		}
	}
}
