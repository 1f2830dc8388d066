package io.numshield.gateway.routing;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.LongSupplier;

/**
 * The instances of one service and the order a request tries them in: round robin, so
 * that every instance gets its share; an instance that refused a connection within the
 * last {@code downFor} goes to the end of the order, so that requests do not each pay for
 * a connection attempt that will fail, yet is still tried when no other instance is left
 * (it may be back, and refusing without trying would turn a short outage of every
 * instance into a longer one). A static list: instances come and go with a restart of the
 * gateway, which is all a fixed deployment needs (no service registry).
 */
final class ServiceInstances {

	private final List<URI> uris;

	private final long downForNanos;

	private final LongSupplier nanoTime;

	private final AtomicInteger next = new AtomicInteger();

	/** Per instance: until when (nanoTime) it counts as down; 0 = up. */
	private final AtomicLongArray downUntil;

	ServiceInstances(List<URI> uris, Duration downFor, LongSupplier nanoTime) {
		if (uris.isEmpty()) {
			throw new IllegalArgumentException("a service needs at least one instance");
		}
		this.uris = List.copyOf(uris);
		this.downForNanos = downFor.toNanos();
		this.nanoTime = nanoTime;
		this.downUntil = new AtomicLongArray(uris.size());
	}

	List<URI> uris() {
		return uris;
	}

	/**
	 * The instances one request tries, in order: starting at the next one in turn, those
	 * up first, then those marked down (in turn as well). A single instance is answered
	 * without any bookkeeping.
	 */
	List<URI> order() {
		int n = uris.size();
		if (n == 1) {
			return uris;
		}
		int start = Math.floorMod(next.getAndIncrement(), n);
		long now = nanoTime.getAsLong();
		List<URI> up = new ArrayList<>(n);
		List<URI> down = new ArrayList<>(0);
		for (int i = 0; i < n; i++) {
			int index = (start + i) % n;
			long until = downUntil.get(index);
			(until != 0 && now - until < 0 ? down : up).add(uris.get(index));
		}
		up.addAll(down);
		return up;
	}

	/** This instance refused a connection: tried last for the next {@code downFor}. */
	void refused(URI uri) {
		int index = uris.indexOf(uri);
		if (index >= 0 && uris.size() > 1) {
			downUntil.set(index, nanoTime.getAsLong() + downForNanos);
		}
	}

	/** This instance answered: it is up again at once. */
	void answered(URI uri) {
		int index = uris.indexOf(uri);
		if (index >= 0 && downUntil.get(index) != 0) {
			downUntil.set(index, 0);
		}
	}

}
