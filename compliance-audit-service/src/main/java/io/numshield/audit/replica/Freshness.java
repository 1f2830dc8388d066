package io.numshield.audit.replica;

import java.time.Duration;
import java.time.Instant;
import java.util.Locale;

/**
 * How fresh an answer's data is, shown with the answer: which server it was read from,
 * the instant up to which it holds every committed change ({@code asOf}), and how much
 * older than the question that is ({@code staleness}). From the primary, or from a
 * replica that had applied all that the primary had written when the question came,
 * {@code asOf} is the question's instant and the staleness zero; from a replica still
 * behind, {@code asOf} is the commit time of the last transaction it applied (the
 * primary's clock), an upper bound on how stale it is.
 */
public record Freshness(Server server, Instant asOf, Duration staleness) {

	/** The server an answer was read from. */
	public enum Server {

		PRIMARY, REPLICA;

		/** As it is shown: {@code primary}, {@code replica}. */
		public String label() {
			return name().toLowerCase(Locale.ROOT);
		}

	}

	static Freshness primary(Instant asked) {
		return new Freshness(Server.PRIMARY, asked, Duration.ZERO);
	}
}
