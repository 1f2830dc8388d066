package io.numshield.binding.blocklist;

/**
 * Port: copies a block or an unblock to every shard, so that lease and routing scripts
 * see it at once.
 */
public interface BlocklistMirror {

	void mirror(String blindIndex, boolean blocked);

}
