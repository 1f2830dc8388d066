package io.numshield.binding.blocklist;

import java.util.Collection;

/**
 * Port: copies a platform's own blocklist to every shard ({@code pbl:<platformId>}), so
 * that lease and routing scripts see a change at once.
 */
public interface PlatformBlocklistMirror {

	void mirror(String platformId, String blindIndex, boolean blocked);

	/** Replaces the platform's list in every shard by {@code blindIndexes} (at start). */
	void replace(String platformId, Collection<String> blindIndexes);

}
