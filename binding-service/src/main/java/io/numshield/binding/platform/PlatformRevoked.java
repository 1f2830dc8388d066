package io.numshield.binding.platform;

import io.numshield.core.problem.ProblemCode;
import io.numshield.core.problem.Refusal;

/**
 * Suspending or resuming a revoked platform: revocation is final. The contract answers it
 * as PLATFORM_SUSPENDED with 409 (not the code's 403: the platform's state refuses the
 * change, not the caller's right); {@link Platform} names the rule, the contract's
 * mapping is here.
 */
final class PlatformRevoked extends Refusal {

	PlatformRevoked() {
		super(ProblemCode.PLATFORM_SUSPENDED, 409, "a revoked platform stays revoked");
	}

}
