package io.numshield.binding.system;

/**
 * A feature's start-up repair: copies what the scripts must see of that feature from
 * PostgreSQL into every shard again (platform status, the blocklist, block
 * registrations). Safe to repeat; repairs a Redis that restarted empty. Each feature owns
 * its own, next to its Redis adapter; {@link LiveStateRepairs} runs them all at start
 * without knowing any feature.
 */
public interface LiveStateRepair {

	/**
	 * Copies this feature's live state to Redis again; answers what it copied, for the
	 * start-up log ("3 platforms").
	 */
	String repair();

}
