package io.numshield.audit.replica;

import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * The {@code replica} health component: where regulators' reads go now and why. Always
 * UP: a replica that is behind or away costs the primary some reads, not an answer, so it
 * must not take the service out of a load balancer; the details say what to look at.
 */
@Component
class ReplicaHealthIndicator implements HealthIndicator {

	private final Reads reads;

	ReplicaHealthIndicator(Reads reads) {
		this.reads = reads;
	}

	@Override
	public Health health() {
		Reads.Choice now = reads.probe();
		Map<String, Object> details = new LinkedHashMap<>();
		details.put("configured", reads.configured());
		details.put("readsFrom", now.server().label());
		details.put("reason", now.reason());
		if (now.staleness() != null) {
			details.put("stalenessMs", now.staleness().toMillis());
		}
		if (reads.configured()) {
			details.put("maxLagMs", reads.maxLag().toMillis());
		}
		if (now.problem() != null) {
			details.put("problem", now.problem());
		}
		return Health.up().withDetails(details).build();
	}

}
