package io.numshield.binding.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import jakarta.persistence.EntityManager;

import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.transaction.TransactionSystemException;
import org.springframework.transaction.support.AbstractPlatformTransactionManager;
import org.springframework.transaction.support.DefaultTransactionStatus;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The rule of {@link TransactionalSideEffects} on Spring's own transaction machinery,
 * with a transaction manager whose commit the test can make fail: what RefusedChangeIT
 * proves against PostgreSQL, plus what cannot be caused there on demand (a write that
 * fails after the commit).
 */
class TransactionalSideEffectsTests {

	private final List<String> done = new ArrayList<>();

	private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

	private final TransactionalSideEffects sideEffects = new TransactionalSideEffects(flushes(), meters);

	@Test
	void aCommittedChangeKeepsItsMirrorAndWritesItsEventAfterTheCommit() {
		FailingCommits manager = new FailingCommits(false);
		new TransactionTemplate(manager).executeWithoutResult(status -> {
			sideEffects.mirror("mirror", () -> done.add("write"), () -> done.add("undo"));
			sideEffects.afterCommit("event", () -> done.add("event after commit " + manager.committed));
			done.add("end of transaction");
		});
		assertThat(done).containsExactly("flush", "write", "end of transaction", "event after commit true");
	}

	@Test
	void aCommitThatFailsUndoesTheMirrorAndWritesNoEvent() {
		FailingCommits manager = new FailingCommits(true);
		assertThatThrownBy(() -> new TransactionTemplate(manager).executeWithoutResult(status -> {
			sideEffects.mirror("mirror", () -> done.add("write"), () -> done.add("undo"));
			sideEffects.afterCommit("event", () -> done.add("event"));
		})).isInstanceOf(TransactionSystemException.class);
		assertThat(done).containsExactly("flush", "write", "undo");
	}

	@Test
	void aMirrorWriteThatFailsFailsTheChangeAndIsUndoneAsFarAsItWent() {
		FailingCommits manager = new FailingCommits(false);
		assertThatThrownBy(() -> new TransactionTemplate(manager).executeWithoutResult(status -> {
			sideEffects.afterCommit("event", () -> done.add("event"));
			sideEffects.mirror("mirror", () -> {
				done.add("half written");
				throw new IllegalStateException("Redis is down");
			}, () -> done.add("undo"));
		})).hasMessage("Redis is down");
		assertThat(manager.committed).isFalse();
		assertThat(done).containsExactly("flush", "half written", "undo");
	}

	@Test
	void aWriteThatFailsAfterTheCommitIsCountedNotThrown() {
		FailingCommits manager = new FailingCommits(false);
		new TransactionTemplate(manager).executeWithoutResult(status -> {
			sideEffects.afterCommit("event e-1", () -> {
				throw new IllegalStateException("Redis is down");
			});
			sideEffects.afterCommit("event e-2", () -> done.add("second event"));
		});
		assertThat(manager.committed).isTrue();
		assertThat(done).containsExactly("second event");
		assertThat(meters.get("numshield.side.effects.failed").tag("phase", "after-commit").counter().count())
			.isEqualTo(1);
	}

	@Test
	void anUndoThatFailsIsCounted() {
		FailingCommits manager = new FailingCommits(true);
		assertThatThrownBy(() -> new TransactionTemplate(manager)
			.executeWithoutResult(status -> sideEffects.mirror("mirror", () -> done.add("write"), () -> {
				throw new IllegalStateException("Redis is down");
			}))).isInstanceOf(TransactionSystemException.class);
		assertThat(meters.get("numshield.side.effects.failed").tag("phase", "undo").counter().count()).isEqualTo(1);
	}

	@Test
	void refusesToRunOutsideATransaction() {
		assertThatThrownBy(() -> sideEffects.mirror("mirror", () -> done.add("write"), () -> done.add("undo")))
			.isInstanceOf(IllegalStateException.class);
		assertThatThrownBy(() -> sideEffects.afterCommit("event", () -> done.add("event")))
			.isInstanceOf(IllegalStateException.class);
		assertThat(done).isEmpty();
	}

	/** An EntityManager whose flush is recorded; nothing else of it is used. */
	private EntityManager flushes() {
		return (EntityManager) Proxy.newProxyInstance(getClass().getClassLoader(),
				new Class<?>[] { EntityManager.class }, (proxy, method, args) -> {
					if (method.getName().equals("flush")) {
						done.add("flush");
						return null;
					}
					throw new UnsupportedOperationException(method.getName());
				});
	}

	/**
	 * A transaction manager with no resource; its commit fails (as PostgreSQL refusing
	 * it) when told to.
	 */
	private static final class FailingCommits extends AbstractPlatformTransactionManager {

		private final boolean failCommit;

		private boolean committed;

		FailingCommits(boolean failCommit) {
			this.failCommit = failCommit;
		}

		@Override
		protected Object doGetTransaction() {
			return new Object();
		}

		@Override
		protected void doBegin(Object transaction, org.springframework.transaction.TransactionDefinition definition) {
		}

		@Override
		protected void doCommit(DefaultTransactionStatus status) {
			if (failCommit) {
				throw new TransactionSystemException("commit refused");
			}
			committed = true;
		}

		@Override
		protected void doRollback(DefaultTransactionStatus status) {
		}

	}

}
