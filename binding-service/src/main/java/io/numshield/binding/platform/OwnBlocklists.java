package io.numshield.binding.platform;

/**
 * Port: whether a platform keeps a blocklist of its own (ADR 0025). The platform mirror
 * carries the answer as a flag beside the status, so that the scripts read the list only
 * for a platform that has one.
 */
public interface OwnBlocklists {

	/** Whether the platform's own blocklist holds a number now (PostgreSQL). */
	boolean has(String platformId);

}
