package io.numshield.binding.blocklist;

import io.numshield.binding.platform.OwnBlocklists;

import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * The platform mirror's flag (ADR 0025): whether a platform's own blocklist holds a
 * number, read in the caller's transaction, so that a change sees its own row.
 */
@Component
class PlatformBlocklistFlags implements OwnBlocklists {

	private final PlatformBlockedNumberRepository blocked;

	PlatformBlocklistFlags(PlatformBlockedNumberRepository blocked) {
		this.blocked = blocked;
	}

	@Override
	@Transactional(readOnly = true)
	public boolean has(String platformId) {
		return blocked.existsByPlatformId(platformId);
	}

}
