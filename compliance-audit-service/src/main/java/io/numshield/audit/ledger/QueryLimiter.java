package io.numshield.audit.ledger;

import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.function.Supplier;

import org.springframework.stereotype.Component;

/**
 * At most {@code numshield.audit.query.max-concurrent} long questions at once. One more
 * is refused at once ({@link Busy}: 503 {@code AUDIT_BUSY} with {@code Retry-After})
 * rather than queued, so that a burst of exports cannot pile up behind the pool.
 */
@Component
public class QueryLimiter {

	private final Semaphore slots;

	private final int max;

	private final Duration retryAfter;

	QueryLimiter(QueryProperties properties) {
		this.max = properties.maxConcurrent();
		this.slots = new Semaphore(max);
		this.retryAfter = properties.retryAfter();
	}

	/** Runs the question in a free slot, or throws {@link Busy}. */
	public <T> T run(Supplier<T> question) {
		if (!slots.tryAcquire()) {
			throw new Busy(max, retryAfter);
		}
		try {
			return question.get();
		}
		finally {
			slots.release();
		}
	}

	/** How many questions hold a slot now. */
	public int running() {
		return max - slots.availablePermits();
	}

	/** Every slot is taken. */
	public static final class Busy extends RuntimeException {

		private final Duration retryAfter;

		Busy(int max, Duration retryAfter) {
			super("at most " + max + " verify or events questions run at once (numshield.audit.query.max-concurrent); "
					+ "try again in " + retryAfter.toSeconds() + " s");
			this.retryAfter = retryAfter;
		}

		public Duration retryAfter() {
			return retryAfter;
		}

	}

}
