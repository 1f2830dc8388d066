package io.numshield.gateway.routing;

import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Set;

import org.apache.hc.client5.http.ConnectTimeoutException;

/**
 * Whether a request that failed at one instance may be sent to the next one. A request is
 * sent to another instance only where it cannot be done twice:
 * <ul>
 * <li>{@link Kind#REFUSED}: the connection was never opened (refused, no route, connect
 * timeout, unknown host), so the request cannot have reached the service: any method goes
 * to the next instance;</li>
 * <li>{@link Kind#LOST}: the connection broke before an answer (reset, closed, no
 * response). The service may have done the work, so only a request that can be repeated
 * safely goes on: the safe methods (GET, HEAD, OPTIONS), and a POST carrying an
 * {@code Idempotency-Key}, which the service answers with the first response if it did
 * the work (binding-service keeps the key 24 h; a key still in progress answers 409,
 * never a second lease);</li>
 * <li>{@link Kind#TIMED_OUT}: the service did not answer within the response timeout. It
 * may still be working; a second instance would add load where there is too much already,
 * and the caller has waited long enough: never retried.</li>
 * </ul>
 * PUT, PATCH and DELETE are not repeated after a lost connection: the gateway does not
 * hold each service's rules for them (a repeated PATCH of a binding records a second
 * {@code BINDING_UPDATED}); the caller sees the 503 and decides (a repeated {@code DELETE
 * /v1/bindings/{id}} answers 204 again).
 */
final class Failover {

	/** How a request failed at one instance. */
	enum Kind {

		REFUSED, LOST, TIMED_OUT

	}

	private static final Set<String> SAFE = Set.of("GET", "HEAD", "OPTIONS");

	private Failover() {
	}

	/** How {@code failure} (anything the HTTP client threw, wrapped or not) failed. */
	static Kind kind(Throwable failure) {
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			if (cause instanceof ConnectException || cause instanceof NoRouteToHostException
					|| cause instanceof UnknownHostException || cause instanceof ConnectTimeoutException) {
				return Kind.REFUSED;
			}
			if (cause instanceof SocketTimeoutException) {
				return Kind.TIMED_OUT;
			}
			if (cause.getCause() == cause) {
				break;
			}
		}
		return Kind.LOST;
	}

	/**
	 * Whether a request of this method (with or without an Idempotency-Key) may go to the
	 * next instance.
	 */
	static boolean mayRetry(Kind kind, String method, boolean idempotencyKey) {
		String m = method.toUpperCase(Locale.ROOT);
		return switch (kind) {
			case REFUSED -> true;
			case LOST -> SAFE.contains(m) || (m.equals("POST") && idempotencyKey);
			case TIMED_OUT -> false;
		};
	}

	/**
	 * Whether a failure is an I/O failure at all (anything else, say a bug, is never
	 * retried).
	 */
	static boolean io(Throwable failure) {
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			if (cause instanceof IOException) {
				return true;
			}
			if (cause.getCause() == cause) {
				break;
			}
		}
		return false;
	}

}
