package io.numshield.audit.signal;

import io.numshield.support.lifecycle.PeriodicTask;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;

/**
 * Runs the detector every {@code numshield.audit.signals.interval}, unless another
 * instance is running it ({@link SignalDetector#detectIfFree()}); off with
 * {@code numshield.audit.signals.enabled=false}.
 */
@Component
@ConditionalOnProperty(name = "numshield.audit.signals.enabled", havingValue = "true", matchIfMissing = true)
class SignalTask extends PeriodicTask {

	private final SignalDetector detector;

	SignalTask(SignalDetector detector, SignalProperties properties) {
		super("signal-detector", properties.interval());
		this.detector = detector;
	}

	@Override
	protected void runOnce() {
		detector.detectIfFree();
	}

}
