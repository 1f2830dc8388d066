package io.numshield.core.problem;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.time.Duration;

import org.junit.jupiter.api.Test;

/**
 * A refusal is thrown per request and logged as one line: it keeps its contract, not a
 * stack.
 */
class RefusalTests {

	@Test
	void answersTheCodesOwnStatusUnlessGivenAnother() {
		assertThat(new Refusal(ProblemCode.BINDING_NOT_FOUND, "no binding").status()).isEqualTo(404);
		assertThat(new Refusal(ProblemCode.VALIDATION_FAILED, 409, "a pool with this poolId exists").status())
			.isEqualTo(409);
	}

	@Test
	void keepsCodeDetailAndRetryAfterButNoStackTrace() {
		Refusal refusal = new Refusal(ProblemCode.AUDIT_BACKLOG, "too far behind", Duration.ofSeconds(2));

		assertThat(refusal.code()).isEqualTo(ProblemCode.AUDIT_BACKLOG);
		assertThat(refusal.status()).isEqualTo(503);
		assertThat(refusal.getMessage()).isEqualTo("too far behind");
		assertThat(refusal.retryAfter()).isEqualTo(Duration.ofSeconds(2));
		assertThat(refusal.getStackTrace()).isEmpty();
	}

	@Test
	void refusesAStatusThatIsNoRefusal() {
		assertThatIllegalArgumentException().isThrownBy(() -> new Refusal(ProblemCode.NOT_FOUND, 200, "fine"));
	}

}
