package io.numshield.support.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.numshield.core.problem.ProblemCode;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;

/**
 * A refusal is thrown per request and logged as one line: it keeps its contract, not a
 * stack.
 */
class ApiExceptionTests {

	@Test
	void keepsStatusCodeDetailAndRetryAfterButNoStackTrace() {
		ApiException refusal = new ApiException(HttpStatus.TOO_MANY_REQUESTS, "RATE_LIMITED", "slow down",
				Duration.ofSeconds(2));

		assertThat(refusal.status()).isEqualTo(429);
		assertThat(refusal.code()).isEqualTo(ProblemCode.RATE_LIMITED);
		assertThat(refusal.getMessage()).isEqualTo("slow down");
		assertThat(refusal.retryAfter()).isEqualTo(Duration.ofSeconds(2));
		assertThat(refusal.getStackTrace()).isEmpty();
	}

}
