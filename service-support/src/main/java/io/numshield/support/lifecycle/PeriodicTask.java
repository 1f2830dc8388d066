package io.numshield.support.lifecycle;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.event.EventListener;

/**
 * A round of background work repeated with a fixed pause, on one daemon thread of its
 * own, from the moment the application is ready. A round that throws is logged and the
 * next one runs anyway (a plain scheduled executor would silently stop). {@link #stop()}
 * lets a round in progress finish, so that it never leaves, say, a shard lock held until
 * its lease runs out.
 */
public abstract class PeriodicTask implements SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(PeriodicTask.class);

	private final String name;

	private final Duration pause;

	private ScheduledExecutorService executor;

	protected PeriodicTask(String name, Duration pause) {
		this.name = name;
		this.pause = pause;
	}

	/** One round of the work. */
	protected abstract void runOnce();

	@EventListener(ApplicationReadyEvent.class)
	public void onApplicationReady() {
		start();
	}

	@Override
	public synchronized void start() {
		if (executor != null) {
			return;
		}
		executor = Executors.newSingleThreadScheduledExecutor(r -> {
			Thread thread = new Thread(r, name);
			thread.setDaemon(true);
			return thread;
		});
		executor.scheduleWithFixedDelay(this::safeRound, 0, pause.toMillis(), TimeUnit.MILLISECONDS);
	}

	private void safeRound() {
		try {
			runOnce();
		}
		catch (RuntimeException ex) {
			log.warn("{}: round failed, the next one runs in {}: {}", name, pause, ex.toString());
		}
	}

	@Override
	public synchronized void stop() {
		if (executor == null) {
			return;
		}
		executor.shutdown();
		try {
			if (!executor.awaitTermination(10, TimeUnit.SECONDS)) {
				executor.shutdownNow();
			}
		}
		catch (InterruptedException ex) {
			executor.shutdownNow();
			Thread.currentThread().interrupt();
		}
		executor = null;
	}

	@Override
	public synchronized boolean isRunning() {
		return executor != null;
	}

	/**
	 * Started when the application is ready, not at context refresh: it may need what
	 * start-up repairs.
	 */
	@Override
	public boolean isAutoStartup() {
		return false;
	}

	/**
	 * Not paused with its context: a restart after a pause starts only auto-startup
	 * beans, so a paused task would stay stopped for good (Spring's test context cache
	 * pauses the contexts it switches away from, and the task would be missing when a
	 * later test class uses it again).
	 */
	@Override
	public boolean isPauseable() {
		return false;
	}

}
