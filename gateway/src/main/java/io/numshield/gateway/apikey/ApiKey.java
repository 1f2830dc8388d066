package io.numshield.gateway.apikey;

import io.numshield.core.token.Role;

import java.time.Instant;
import java.util.List;

/**
 * An API key as stored, without its secret.
 *
 * @param pools the pools a CARRIER key serves (empty for every other role)
 * @param issuedBy the operator key that issued it; {@code null} for a bootstrap key
 * @param pendingUntil until when a PENDING_APPROVAL key can be approved
 */
record ApiKey(String keyId, Role role, String platformId, List<String> pools, String description, Integer ratePerSecond,
		Instant createdAt, Instant revokedAt, Status stored, String issuedBy, Instant pendingUntil, String approvedBy,
		Instant approvedAt) {

	ApiKey {
		pools = pools == null ? List.of() : List.copyOf(pools);
	}

	/**
	 * Where a key stands; {@code EXPIRED} is never stored: a pending key past
	 * {@code pendingUntil}.
	 */
	enum Status {

		PENDING_APPROVAL, ACTIVE, REVOKED, EXPIRED

	}

	/**
	 * OPERATOR and REGULATOR keys need a second operator's approval; PLATFORM and CARRIER
	 * keys do not.
	 */
	static boolean needsApproval(Role role) {
		return role == Role.OPERATOR || role == Role.REGULATOR;
	}

	Status status(Instant now) {
		if (stored == Status.PENDING_APPROVAL && !now.isBefore(pendingUntil)) {
			return Status.EXPIRED;
		}
		return stored;
	}
}
