package io.numshield.audit.ledger;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.numshield.support.lifecycle.PeriodicTask;

import org.springframework.stereotype.Component;

/**
 * Signs the chain head every {@code numshield.audit.checkpoint.interval} (skipped while
 * it has not moved).
 */
@Component
class CheckpointTask extends PeriodicTask {

	private final Checkpoints checkpoints;

	private final Counter signed;

	CheckpointTask(Checkpoints checkpoints, CheckpointProperties properties, MeterRegistry meters) {
		super("ledger-checkpoint", properties.interval());
		this.checkpoints = checkpoints;
		this.signed = meters.counter("audit.ledger.checkpoints", "reason", "schedule");
	}

	@Override
	protected void runOnce() {
		if (checkpoints.sign(Checkpoints.Reason.SCHEDULE) != null) {
			signed.increment();
		}
	}

}
