package io.numshield.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

class RetryPolicyTests {

	private static final Instant NOW = Instant.parse("2026-11-30T10:00:00Z");

	@Test
	void a429IsRetryableWhateverTheMethodButAQuotaIsNot() {
		for (String method : new String[] { "GET", "POST", "PATCH", "PUT", "DELETE" }) {
			assertThat(RetryPolicy.retryable(method, false, 429, "RATE_LIMITED")).as(method).isTrue();
			assertThat(RetryPolicy.retryable(method, false, 429, null)).as(method).isTrue();
			assertThat(RetryPolicy.retryable(method, true, 429, "QUOTA_EXCEEDED")).as(method).isFalse();
		}
	}

	@Test
	void a503IsRetryableForIdempotentMethodsAndForWritesWithAnIdempotencyKey() {
		for (String code : new String[] { "STORE_UNAVAILABLE", "SERVICE_UNAVAILABLE", "AUDIT_BACKLOG", null }) {
			assertThat(RetryPolicy.retryable("GET", false, 503, code)).isTrue();
			assertThat(RetryPolicy.retryable("get", false, 503, code)).isTrue();
			assertThat(RetryPolicy.retryable("HEAD", false, 503, code)).isTrue();
			assertThat(RetryPolicy.retryable("PUT", false, 503, code)).isTrue();
			assertThat(RetryPolicy.retryable("DELETE", false, 503, code)).isTrue();
			assertThat(RetryPolicy.retryable("POST", false, 503, code)).isFalse();
			assertThat(RetryPolicy.retryable("PATCH", false, 503, code)).isFalse();
			assertThat(RetryPolicy.retryable("POST", true, 503, code)).isTrue();
			assertThat(RetryPolicy.retryable("PATCH", true, 503, code)).isTrue();
		}
	}

	@Test
	void nothingElseIsRetryable() {
		for (int status : new int[] { 200, 201, 204, 400, 401, 403, 404, 409, 422, 500, 502, 504 }) {
			assertThat(RetryPolicy.retryable("GET", true, status, null)).as("%d", status).isFalse();
		}
	}

	@Test
	void readsRetryAfterAsSecondsOrAnHttpDate() {
		assertThat(RetryPolicy.retryAfter("1", NOW)).isEqualTo(Duration.ofSeconds(1));
		assertThat(RetryPolicy.retryAfter(" 120 ", NOW)).isEqualTo(Duration.ofSeconds(120));
		assertThat(RetryPolicy.retryAfter("0", NOW)).isEqualTo(Duration.ZERO);
		assertThat(RetryPolicy.retryAfter("Mon, 30 Nov 2026 10:00:07 GMT", NOW)).isEqualTo(Duration.ofSeconds(7));
		assertThat(RetryPolicy.retryAfter("Mon, 30 Nov 2026 09:59:00 GMT", NOW)).isEqualTo(Duration.ZERO);
		assertThat(RetryPolicy.retryAfter(null, NOW)).isNull();
		assertThat(RetryPolicy.retryAfter("", NOW)).isNull();
		assertThat(RetryPolicy.retryAfter("-1", NOW)).isNull();
		assertThat(RetryPolicy.retryAfter("1.5", NOW)).isNull();
		assertThat(RetryPolicy.retryAfter("soon", NOW)).isNull();
		assertThat(RetryPolicy.retryAfter("99999999999999999999999", NOW)).isNull();
		assertThat(RetryPolicy.retryAfter("2026-11-30T10:00:07Z", NOW)).isNull();
	}

	@Test
	void backsOffExponentiallyBetweenHalfAndAllOfTheCeiling() {
		RetryPolicy policy = RetryPolicy.DEFAULT; // 100 ms doubling, at most 2 s
		SplittableRandom random = new SplittableRandom(13);
		long[] ceilings = { 100, 200, 400, 800, 1600, 2000, 2000, 2000 };
		for (int retry = 1; retry <= ceilings.length; retry++) {
			Duration ceiling = Duration.ofMillis(ceilings[retry - 1]);
			for (int i = 0; i < 200; i++) {
				assertThat(policy.backoff(retry, random)).as("retry %d", retry)
					.isBetween(ceiling.dividedBy(2), ceiling);
			}
		}
		assertThat(policy.backoff(1_000, random)).isLessThanOrEqualTo(Duration.ofSeconds(2));
	}

	@Test
	void theDefaultsAreThreeAttemptsAndTenSecondsOfWaiting() {
		assertThat(RetryPolicy.defaults().maxAttempts()).isEqualTo(3);
		assertThat(RetryPolicy.defaults().maxTotalWait()).isEqualTo(Duration.ofSeconds(10));
		assertThat(RetryPolicy.none().maxAttempts()).isEqualTo(1);
		assertThat(RetryPolicy.DEFAULT.withMaxAttempts(5).withMaxTotalWait(Duration.ofSeconds(3)))
			.isEqualTo(new RetryPolicy(5, Duration.ofSeconds(3), Duration.ofMillis(100), Duration.ofSeconds(2)));
		assertThatThrownBy(() -> RetryPolicy.DEFAULT.withMaxAttempts(0)).isInstanceOf(IllegalArgumentException.class);
		assertThatThrownBy(() -> RetryPolicy.DEFAULT.withMaxTotalWait(Duration.ofSeconds(-1)))
			.isInstanceOf(IllegalArgumentException.class);
	}

}
