package io.numshield.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.numshield.client.FakeGateway.Received;
import io.numshield.client.FakeGateway.Reply;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The retry rule of {@link RetryPolicy} as the client applies it, against a real HTTP
 * server on loopback: what is sent again, after how long, signed how. The waits go
 * through a recording sleeper that moves a clock of the test's own instead of sleeping
 * (so each retry's {@code Timestamp} shows the wait), except in the one test that shows a
 * real {@code Retry-After: 1} honoured.
 */
class RetryTests {

	private static final String KEY_ID = "pk_0123456789abcdef0123";

	private static final String SECRET = "s3cr3t-of-the-key_with-some-length";

	/** PhoneFixtures.mobile(101), mobile(100102). */
	private static final String A = "13800000101";

	private static final String B = "13900000102";

	private static final String X = "700123450001234";

	private static final String BINDING_VIEW = """
			{"bindingId":"07ABCDEFGHJKMNPQ","mode":"AXB","orderId":"ORD-1","virtualNumber":"700123450001234",
			 "partyA":"138****0101","partyB":"139****0102","direction":"BOTH","recording":false,
			 "createdAt":"2026-11-30T10:00:00Z","expiresAt":"2026-11-30T10:30:00Z","status":"ACTIVE"}""";

	private static final String ROUTE_CONNECT = "{\"action\":\"CONNECT\",\"callId\":\"call-1\",\"bindingId\":"
			+ "\"07ABCDEFGHJKMNPQ\",\"callee\":\"+86" + B + "\",\"displayNumber\":\"" + X + "\",\"record\":false}";

	private FakeGateway gateway;

	/** The client's clock; the sleeper moves it on by each wait. */
	private final MovingClock clock = new MovingClock(Instant.parse("2026-11-30T10:00:00Z"));

	private final List<Duration> slept = new CopyOnWriteArrayList<>();

	private final List<NumShieldClient.Retry> retries = new CopyOnWriteArrayList<>();

	@BeforeEach
	void start() throws IOException {
		gateway = new FakeGateway();
	}

	@AfterEach
	void stop() {
		gateway.close();
	}

	private NumShieldClient client(RetryPolicy policy) {
		return NumShieldClient.builder(gateway.uri()).key(KEY_ID, SECRET).retries(policy).clock(clock).sleeper(wait -> {
			slept.add(wait);
			clock.advance(wait);
		}).onRetry(retries::add).build();
	}

	@Test
	void a429IsRetriedAfterItsRetryAfterWhateverTheMethod() {
		// the one test that really waits: Retry-After 1, as the gateway answers any rate
		// of at least 1/s
		gateway.then(Reply.problem(429, "RATE_LIMITED", "over 1 requests per second").retryAfter("1"))
			.then(Reply.json(200, ROUTE_CONNECT));
		NumShieldClient client = NumShieldClient.create(gateway.uri(), KEY_ID, SECRET);

		RouteAnswer answer = client.route(RouteRequest.voice("call-1", A, X));

		assertThat(answer.connects()).isTrue();
		List<Received> sent = gateway.requests();
		assertThat(sent).hasSize(2);
		assertThat(Duration.ofNanos(sent.get(1).receivedAtNanos() - sent.get(0).receivedAtNanos()))
			.isGreaterThanOrEqualTo(Duration.ofSeconds(1));
		// a POST without an Idempotency-Key: a 429 means nothing was done
		assertThat(sent.get(0).header("Idempotency-Key")).isNull();
		assertThat(sent.get(1).text()).isEqualTo(sent.get(0).text());
		assertThat(sent).allSatisfy(r -> assertThat(r.signedWith(KEY_ID, SECRET)).isTrue());
		assertThat(FakeGateway.nonces(sent)).doesNotHaveDuplicates();
	}

	@Test
	void everyRetryIsSignedAfreshWithANewNonceAndTimestamp() {
		gateway.then(Reply.problem(429, "RATE_LIMITED", "slow down").retryAfter("2"))
			.then(Reply.problem(429, "RATE_LIMITED", "slow down").retryAfter("3"))
			.then(Reply.json(200, BINDING_VIEW));

		Binding binding = client(RetryPolicy.DEFAULT).get("07ABCDEFGHJKMNPQ");

		assertThat(binding.bindingId()).isEqualTo("07ABCDEFGHJKMNPQ");
		List<Received> sent = gateway.requests();
		assertThat(sent).hasSize(3);
		assertThat(sent).allSatisfy(r -> assertThat(r.signedWith(KEY_ID, SECRET)).isTrue());
		assertThat(FakeGateway.nonces(sent)).doesNotHaveDuplicates();
		long first = Instant.parse("2026-11-30T10:00:00Z").getEpochSecond();
		assertThat(sent).extracting(r -> r.credentials().timestamp()).containsExactly(first, first + 2, first + 5);
		assertThat(slept).containsExactly(Duration.ofSeconds(2), Duration.ofSeconds(3));
		assertThat(retries).extracting(NumShieldClient.Retry::failedAttempt).containsExactly(1, 2);
		assertThat(retries).extracting(NumShieldClient.Retry::code).containsOnly("RATE_LIMITED");
		assertThat(retries).extracting(NumShieldClient.Retry::delay)
			.containsExactly(Duration.ofSeconds(2), Duration.ofSeconds(3));
	}

	@Test
	void a503OnAPostWithoutAnIdempotencyKeyIsNotRetried() {
		gateway.then(Reply.problem(503, "STORE_UNAVAILABLE", "the store did not answer").retryAfter("1"));

		assertThatThrownBy(() -> client(RetryPolicy.DEFAULT).bind(BindRequest.axb("ORD-1", A, B, 1800,
				new BindRequest.Consent("c-1", Instant.parse("2026-11-30T09:59:00Z")))))
			.isInstanceOfSatisfying(NumShieldException.class, ex -> {
				assertThat(ex.status()).isEqualTo(503);
				assertThat(ex.code()).isEqualTo("STORE_UNAVAILABLE");
				assertThat(ex.attempts()).isEqualTo(1);
				assertThat(ex.retryAfter()).isEqualTo(Duration.ofSeconds(1));
			});
		assertThat(gateway.requests()).hasSize(1);
		assertThat(slept).isEmpty();
	}

	@Test
	void a503OnACarriersPostsIsNotRetriedEither() {
		gateway.then(Reply.problem(503, "SERVICE_UNAVAILABLE", "the service behind this path did not answer"))
			.then(Reply.problem(503, "AUDIT_BACKLOG", "the call stream is full"))
			.then(Reply.problem(503, "STORE_UNAVAILABLE", "the store did not answer").retryAfter("1"));
		NumShieldClient client = client(RetryPolicy.DEFAULT);

		assertThatThrownBy(() -> client.route(RouteRequest.voice("call-1", A, X)))
			.hasMessageStartingWith("503 SERVICE_UNAVAILABLE");
		assertThatThrownBy(() -> client.reportCallEvent(CallEvent.answered("call-1", A, X, Instant.now())))
			.hasMessageStartingWith("503 AUDIT_BACKLOG");
		assertThatThrownBy(client::token).hasMessageStartingWith("503 STORE_UNAVAILABLE");
		assertThat(gateway.requests()).hasSize(3);
		assertThat(slept).isEmpty();
	}

	@Test
	void a503OnAPostWithAnIdempotencyKeyIsRetriedWithTheSameKeyAndBody() {
		gateway.then(Reply.problem(503, "STORE_UNAVAILABLE", "the store did not answer").retryAfter("1"))
			.then(Reply.json(201, BINDING_VIEW));

		Binding bound = client(RetryPolicy.DEFAULT).bind(BindRequest.axb("ORD-1", A, B, 1800,
				new BindRequest.Consent("c-1", Instant.parse("2026-11-30T09:59:00Z"))), "ORD-1-bind");

		assertThat(bound.bindingId()).isEqualTo("07ABCDEFGHJKMNPQ");
		List<Received> sent = gateway.requests();
		assertThat(sent).hasSize(2);
		assertThat(sent).extracting(r -> r.header("Idempotency-Key")).containsExactly("ORD-1-bind", "ORD-1-bind");
		assertThat(sent.get(1).body()).isEqualTo(sent.get(0).body());
		assertThat(sent).allSatisfy(r -> assertThat(r.signedWith(KEY_ID, SECRET)).isTrue());
		assertThat(FakeGateway.nonces(sent)).doesNotHaveDuplicates();
		assertThat(slept).containsExactly(Duration.ofSeconds(1));
	}

	@Test
	void a503OnGetPutAndDeleteIsRetriedButNotOnPatch() {
		gateway.then(Reply.problem(503, "STORE_UNAVAILABLE", "x").retryAfter("1"))
			.then(Reply.json(200, BINDING_VIEW))
			.then(Reply.problem(503, "SERVICE_UNAVAILABLE", "x"))
			.then(Reply.noContent())
			.then(Reply.problem(503, "STORE_UNAVAILABLE", "x").retryAfter("1"))
			.then(Reply.json(200, "{}"))
			.then(Reply.problem(503, "STORE_UNAVAILABLE", "x").retryAfter("1"));
		NumShieldClient client = client(RetryPolicy.DEFAULT);

		client.get("07ABCDEFGHJKMNPQ");
		client.release("07ABCDEFGHJKMNPQ");
		client.send("PUT", "/v1/anything", null, "{}");
		assertThatThrownBy(() -> client.update("07ABCDEFGHJKMNPQ", BindingUpdate.ttl(600)))
			.isInstanceOfSatisfying(NumShieldException.class, ex -> assertThat(ex.attempts()).isEqualTo(1));

		assertThat(gateway.requests()).extracting(Received::method)
			.containsExactly("GET", "GET", "DELETE", "DELETE", "PUT", "PUT", "PATCH");
		assertThat(slept).hasSize(3);
	}

	@Test
	void givesUpAfterMaxAttemptsWithTheLastProblem() {
		gateway.then(Reply.problem(429, "RATE_LIMITED", "refusal 1").retryAfter("1"))
			.then(Reply.problem(429, "RATE_LIMITED", "refusal 2").retryAfter("1"))
			.then(Reply.problem(429, "RATE_LIMITED", "refusal 3").retryAfter("1"))
			.then(Reply.json(200, ROUTE_CONNECT));

		assertThatThrownBy(() -> client(RetryPolicy.DEFAULT).route(RouteRequest.voice("call-1", A, X)))
			.isInstanceOfSatisfying(NumShieldException.class, ex -> {
				assertThat(ex.status()).isEqualTo(429);
				assertThat(ex.code()).isEqualTo("RATE_LIMITED");
				assertThat(ex.detail()).isEqualTo("refusal 3");
				assertThat(ex.attempts()).isEqualTo(3);
				assertThat(ex.getMessage()).endsWith("(after 3 attempts)");
			});
		assertThat(gateway.requests()).hasSize(3);
		assertThat(slept).hasSize(2);
	}

	@Test
	void exchangeAnswersTheLastAttemptAfterGivingUp() {
		gateway.then(Reply.problem(503, "STORE_UNAVAILABLE", "first").retryAfter("1"))
			.then(Reply.problem(503, "STORE_UNAVAILABLE", "second").retryAfter("1"));

		NumShieldClient.Answer answer = client(RetryPolicy.DEFAULT.withMaxAttempts(2)).exchange("GET",
				"/v1/bindings/07ABCDEFGHJKMNPQ", null, null);

		assertThat(answer.status()).isEqualTo(503);
		assertThat(answer.detail()).isEqualTo("second");
		assertThat(answer.attempts()).isEqualTo(2);
		assertThat(gateway.requests()).hasSize(2);
	}

	@Test
	void aRetryAfterGivenAsAnHttpDateIsWaitedFor() {
		String inThreeSeconds = DateTimeFormatter.RFC_1123_DATE_TIME
			.format(clock.instant().plusSeconds(3).atZone(ZoneOffset.UTC));
		gateway.then(Reply.problem(429, "RATE_LIMITED", "slow down").retryAfter(inThreeSeconds))
			.then(Reply.json(200, BINDING_VIEW));

		client(RetryPolicy.DEFAULT).get("07ABCDEFGHJKMNPQ");

		assertThat(inThreeSeconds).isEqualTo("Mon, 30 Nov 2026 10:00:03 GMT");
		assertThat(slept).containsExactly(Duration.ofSeconds(3));
		assertThat(gateway.requests()).hasSize(2);
	}

	@Test
	void aRetryIsNotMadeWhenItsWaitWouldPassTheCapOnWaiting() {
		// 4 + 4 s fit in 10 s, a third wait of 4 s does not
		for (int i = 0; i < 3; i++) {
			gateway.then(Reply.problem(429, "RATE_LIMITED", "refusal " + (i + 1)).retryAfter("4"));
		}

		assertThatThrownBy(() -> client(RetryPolicy.DEFAULT.withMaxAttempts(5)).token())
			.isInstanceOfSatisfying(NumShieldException.class, ex -> {
				assertThat(ex.detail()).isEqualTo("refusal 3");
				assertThat(ex.attempts()).isEqualTo(3);
				assertThat(ex.retryAfter()).isEqualTo(Duration.ofSeconds(4));
			});
		assertThat(slept).containsExactly(Duration.ofSeconds(4), Duration.ofSeconds(4));
		assertThat(gateway.requests()).hasSize(3);

		// a single Retry-After longer than the cap: no retry at all
		slept.clear();
		gateway.then(Reply.problem(429, "RATE_LIMITED", "long").retryAfter("30"));
		assertThatThrownBy(() -> client(RetryPolicy.DEFAULT).token()).isInstanceOfSatisfying(NumShieldException.class,
				ex -> assertThat(ex.attempts()).isEqualTo(1));
		assertThat(slept).isEmpty();
		assertThat(gateway.requests()).hasSize(4);
	}

	@Test
	void withoutRetryAfterTheWaitsBackOffExponentiallyWithJitter() {
		for (int i = 0; i < 4; i++) {
			gateway.then(Reply.problem(503, "SERVICE_UNAVAILABLE", "no answer"));
		}
		gateway.then(Reply.json(200, BINDING_VIEW));

		client(RetryPolicy.DEFAULT.withMaxAttempts(5).withBackoff(Duration.ofMillis(100), Duration.ofMillis(300)))
			.get("07ABCDEFGHJKMNPQ");

		assertThat(slept).hasSize(4);
		assertThat(slept.get(0)).isBetween(Duration.ofMillis(50), Duration.ofMillis(100));
		assertThat(slept.get(1)).isBetween(Duration.ofMillis(100), Duration.ofMillis(200));
		assertThat(slept.get(2)).isBetween(Duration.ofMillis(150), Duration.ofMillis(300));
		assertThat(slept.get(3)).isBetween(Duration.ofMillis(150), Duration.ofMillis(300));
	}

	@Test
	void quotaExceededAndOtherRefusalsAreNotRetried() {
		gateway.then(Reply.problem(429, "QUOTA_EXCEEDED", "the platform holds 10 active bindings"))
			.then(Reply.problem(500, "INTERNAL_ERROR", "x"))
			.then(Reply.problem(401, "UNAUTHENTICATED", "x"))
			.then(new Reply(502, "text/html", "<html>bad gateway</html>", Map.of()));
		NumShieldClient client = client(RetryPolicy.DEFAULT);

		assertThatThrownBy(() -> client.get("07ABCDEFGHJKMNPQ")).hasMessageStartingWith("429 QUOTA_EXCEEDED");
		assertThatThrownBy(() -> client.get("07ABCDEFGHJKMNPQ")).hasMessageStartingWith("500 INTERNAL_ERROR");
		assertThatThrownBy(() -> client.get("07ABCDEFGHJKMNPQ")).hasMessageStartingWith("401 UNAUTHENTICATED");
		assertThatThrownBy(() -> client.get("07ABCDEFGHJKMNPQ")).isInstanceOfSatisfying(NumShieldException.class,
				ex -> {
					assertThat(ex.status()).isEqualTo(502);
					assertThat(ex.code()).isNull();
				});
		assertThat(gateway.requests()).hasSize(4);
		assertThat(slept).isEmpty();
	}

	@Test
	void noRetriesWithThePolicyNone() {
		gateway.then(Reply.problem(429, "RATE_LIMITED", "slow down").retryAfter("1"));

		NumShieldClient client = client(RetryPolicy.DEFAULT).withRetries(RetryPolicy.NONE);

		assertThat(client.retries()).isEqualTo(RetryPolicy.NONE);
		assertThatThrownBy(client::token).hasMessageStartingWith("429 RATE_LIMITED");
		assertThat(gateway.requests()).hasSize(1);
	}

	@Test
	void anInterruptedWaitEndsWithTheLastAnswer() {
		gateway.then(Reply.problem(429, "RATE_LIMITED", "slow down").retryAfter("1"))
			.then(Reply.json(200, BINDING_VIEW));
		NumShieldClient client = NumShieldClient.builder(gateway.uri()).key(KEY_ID, SECRET).sleeper(wait -> {
			throw new InterruptedException();
		}).build();

		try {
			assertThatThrownBy(() -> client.get("07ABCDEFGHJKMNPQ")).hasMessageStartingWith("429 RATE_LIMITED");
			assertThat(Thread.currentThread().isInterrupted()).isTrue();
		}
		finally {
			Thread.interrupted();
		}
		assertThat(gateway.requests()).hasSize(1);
	}

	/** A clock that stands still until the test's sleeper moves it. */
	static final class MovingClock extends Clock {

		private volatile Instant now;

		MovingClock(Instant start) {
			this.now = start;
		}

		void advance(Duration by) {
			now = now.plus(by);
		}

		@Override
		public Instant instant() {
			return now;
		}

		@Override
		public ZoneId getZone() {
			return ZoneOffset.UTC;
		}

		@Override
		public Clock withZone(ZoneId zone) {
			throw new UnsupportedOperationException();
		}

	}

}
