package io.numshield.gateway.routing;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;

/**
 * The keep-alive connections to one service instance: at most {@code max} open at once,
 * the idle ones reused most recently released first (their buffers and the service's
 * thread are warm), a request that finds all of them busy queued until one is released or
 * closed. A connection is counted from the moment it is asked for until it closes,
 * whoever closes it (the service, an idle timeout, a broken answer), so that the count
 * never drifts. The lock guards a few queue operations; connecting, writing and reading
 * happen outside it.
 */
final class InstanceChannels {

	private final Bootstrap bootstrap;

	private final int max;

	private final ArrayDeque<Channel> idle = new ArrayDeque<>();

	private final ArrayDeque<CompletableFuture<Channel>> waiting = new ArrayDeque<>();

	private int open;

	private boolean closed;

	/**
	 * @param bootstrap connects to this instance (its remote address and pipeline set)
	 * @param max connections open at most
	 */
	InstanceChannels(Bootstrap bootstrap, int max) {
		if (max < 1) {
			throw new IllegalArgumentException("at least one connection per instance");
		}
		this.bootstrap = bootstrap;
		this.max = max;
	}

	/**
	 * A connection for one request: an idle one, a new one while fewer than {@code max}
	 * are open, else the next one released. Fails when a new connection cannot be opened
	 * (refused, timed out: the failure {@link Failover} reads) or the pool is closed.
	 */
	CompletableFuture<Channel> acquire() {
		CompletableFuture<Channel> lease = new CompletableFuture<>();
		synchronized (this) {
			if (closed) {
				return CompletableFuture.failedFuture(new IllegalStateException("the proxy is closed"));
			}
			Channel channel;
			while ((channel = idle.pollLast()) != null) {
				if (channel.isActive()) {
					lease.complete(channel);
					return lease;
				}
				// closed while idle: its close listener frees its place
			}
			if (open >= max) {
				waiting.add(lease);
				return lease;
			}
			open++;
		}
		connect(lease);
		return lease;
	}

	/**
	 * Hands a connection whose exchange is over back: to the request waiting longest, or
	 * to the idle ones. A closed connection is not taken back (its close listener already
	 * freed its place).
	 */
	void release(Channel channel) {
		if (!channel.isActive()) {
			return;
		}
		CompletableFuture<Channel> next;
		synchronized (this) {
			next = waiting.poll();
			if (next == null) {
				if (closed) {
					channel.close();
				}
				else {
					idle.addLast(channel);
				}
				return;
			}
		}
		next.complete(channel);
	}

	/** Connections open or being opened, idle or busy. */
	synchronized int open() {
		return open;
	}

	/** Connections idle in the pool. */
	synchronized int idle() {
		return idle.size();
	}

	/** The idle connections, most recently released last; for tests. */
	synchronized List<Channel> idleChannels() {
		return List.copyOf(idle);
	}

	private void connect(CompletableFuture<Channel> lease) {
		bootstrap.connect().addListener((ChannelFuture connected) -> {
			if (!connected.isSuccess()) {
				placeFreed();
				lease.completeExceptionally(connected.cause());
				return;
			}
			Channel channel = connected.channel();
			channel.closeFuture().addListener(ignored -> closed(channel));
			lease.complete(channel);
		});
	}

	private void closed(Channel channel) {
		synchronized (this) {
			idle.remove(channel);
		}
		placeFreed();
	}

	/**
	 * One connection fewer is open: the request waiting longest, if any, opens a new one
	 * in its place.
	 */
	private void placeFreed() {
		CompletableFuture<Channel> next;
		synchronized (this) {
			open--;
			next = closed ? null : waiting.poll();
			if (next == null) {
				return;
			}
			open++;
		}
		connect(next);
	}

	/**
	 * Closes the idle connections and fails the waiting requests; busy ones close on
	 * release.
	 */
	void close() {
		List<Channel> channels;
		List<CompletableFuture<Channel>> waiters;
		synchronized (this) {
			closed = true;
			channels = new ArrayList<>(idle);
			idle.clear();
			waiters = new ArrayList<>(waiting);
			waiting.clear();
		}
		channels.forEach(Channel::close);
		waiters.forEach(w -> w.completeExceptionally(new IllegalStateException("the proxy is closed")));
	}

}
