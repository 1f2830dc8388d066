package io.numshield.binding.system;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.persistence.EntityManager;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * The one rule for what a PostgreSQL-backed change writes outside PostgreSQL (ADR 0005):
 * a refused change changes nothing, and an acknowledged change is enforced.
 * <ul>
 * <li>{@link #mirror}: a Redis mirror the scripts read is written at once, inside the
 * transaction, so that a Redis failure fails the request before the commit (nothing
 * committed) and the answer is only sent once the scripts enforce the change. The
 * change's statements are flushed first, so a statement PostgreSQL refuses (a duplicate
 * key, a constraint) fails before Redis is touched; if the commit itself is refused, the
 * undo puts back what PostgreSQL still holds.</li>
 * <li>{@link #afterCommit}: anything that cannot be undone (releasing bindings, and the
 * outbox relay's delivery of audit events) runs only after the commit. The change is
 * committed by then: a failure is logged at ERROR with what was lost and counted in
 * {@code numshield.side.effects.failed}, never thrown (the request's answer stays the
 * committed result).</li>
 * </ul>
 * An audit event is neither: it is a row of the change's transaction (the outbox, ADR
 * 0016), so it commits or rolls back with the change and is written to its stream by the
 * relay.
 */
@Component
public class TransactionalSideEffects {

	private static final Logger log = LoggerFactory.getLogger(TransactionalSideEffects.class);

	private final EntityManager entityManager;

	private final Counter undoFailed;

	private final Counter afterCommitFailed;

	public TransactionalSideEffects(EntityManager entityManager, MeterRegistry meters) {
		this.entityManager = entityManager;
		this.undoFailed = Counter.builder("numshield.side.effects.failed")
			.description("Writes outside PostgreSQL that failed where no request could fail any more")
			.tag("phase", "undo")
			.register(meters);
		this.afterCommitFailed = Counter.builder("numshield.side.effects.failed")
			.description("Writes outside PostgreSQL that failed where no request could fail any more")
			.tag("phase", "after-commit")
			.register(meters);
	}

	/**
	 * Flushes the change's statements, runs {@code write} now, inside the current
	 * transaction (its failure fails the change), and {@code undo} if the transaction
	 * does not commit (rolled back, or its outcome unknown). {@code undo} must restore
	 * what the transaction read from PostgreSQL, not what Redis held.
	 */
	public void mirror(String what, Runnable write, Runnable undo) {
		requireTransaction(what);
		entityManager.flush();
		TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
			@Override
			public void afterCompletion(int status) {
				if (status == STATUS_COMMITTED) {
					return;
				}
				try {
					undo.run();
					log.warn("{} undone: the change did not commit ({})", what,
							status == STATUS_ROLLED_BACK ? "rolled back" : "outcome unknown");
				}
				catch (RuntimeException ex) {
					undoFailed.increment();
					log.error(
							"{} NOT undone although the change did not commit; Redis is repaired from PostgreSQL at the "
									+ "next start (LiveStateRepair)",
							what, ex);
				}
			}
		});
		write.run();
	}

	/**
	 * Runs {@code action} once the current transaction has committed, never if it does
	 * not. A failure is logged at ERROR naming {@code what} (for an event: its event id)
	 * and counted.
	 */
	public void afterCommit(String what, Runnable action) {
		requireTransaction(what);
		TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
			@Override
			public void afterCommit() {
				try {
					action.run();
				}
				catch (RuntimeException ex) {
					afterCommitFailed.increment();
					log.error("{} FAILED after the commit: the change is committed without it", what, ex);
				}
			}
		});
	}

	private static void requireTransaction(String what) {
		if (!TransactionSynchronizationManager.isSynchronizationActive()) {
			throw new IllegalStateException(what + " needs a transaction to be tied to");
		}
	}

}
