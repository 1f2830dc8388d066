package io.numshield.gateway;

import static io.numshield.gateway.SignedCalls.call;
import static org.assertj.core.api.Assertions.assertThat;

import io.numshield.client.Ns1Signature;
import io.numshield.testsupport.RedisServerProcess;

import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The edge's nonce and rate script cannot run because Redis went away (a master dying
 * before its replica takes over, a restart): the client is told to try again, 503
 * {@code STORE_UNAVAILABLE} with {@code Retry-After: 1}, as the services answer it
 * (service-support's {@code StoreUnavailable}), not 500 {@code INTERNAL_ERROR}, which
 * says "our bug". On the hot path and on the MVC path alike. The gateway runs on a
 * {@code redis-server} of this test's own, which the test stops: its port is then closed.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "numshield.redis.timeout=1s")
@DirtiesContext
class StoreUnavailableIT {

	static final SignedCalls.Key OPERATOR = new SignedCalls.Key("ok_store_" + Long.toString(System.nanoTime(), 36),
			Ns1Signature.nonce());

	private static RedisServerProcess redis;

	@LocalServerPort
	int port;

	@BeforeAll
	static void ownRedis() throws IOException {
		redis = RedisServerProcess.start(Files.createTempDirectory("numshield-gateway-store"), false, List.of());
	}

	@AfterAll
	static void stopRedis() {
		redis.close();
	}

	@DynamicPropertySource
	static void infrastructure(DynamicPropertyRegistry registry) {
		GatewayITSupport.registerServices(registry, OPERATOR, GatewayITSupport.nobody());
		registry.add("numshield.redis.url", () -> "redis://127.0.0.1:" + redis.port());
	}

	@Test
	void aRequestWhileRedisIsAwayIsToldToTryAgain() {
		SignedCalls gateway = new SignedCalls("http://127.0.0.1:" + port);
		// with Redis up, the edge passes the request on, to a service that is not there
		EdgeIT.expectProblem(gateway.send(call("GET", "/v1/pools/p-1", null, null, OPERATOR)), 503,
				"SERVICE_UNAVAILABLE");

		redis.close();

		for (SignedCalls.Call asked : List.of(
				// the hot path: the script's asynchronous call fails
				call("POST", "/v1/call-routes", null, Map.of("callId", "c-store"), OPERATOR),
				call("GET", "/v1/bindings/b-store", null, null, OPERATOR),
				// the MVC path: the filter's blocking call throws, and the error
				// controller answers
				call("GET", "/v1/pools/p-1", null, null, OPERATOR),
				call("GET", "/v1/audit/verify", "from=2026-01-01T00:00:00Z", null, OPERATOR))) {
			SignedCalls.Response refused = gateway.send(asked);
			assertThat(refused.status()).as(asked.method() + " " + asked.path() + ": " + refused.body()).isEqualTo(503);
			assertThat(refused.contentType()).startsWith("application/problem+json");
			assertThat(refused.code()).isEqualTo("STORE_UNAVAILABLE");
			assertThat(refused.retryAfter()).isEqualTo("1");
			assertThat(refused.text("instance")).isEqualTo(asked.path());
		}
	}

}
