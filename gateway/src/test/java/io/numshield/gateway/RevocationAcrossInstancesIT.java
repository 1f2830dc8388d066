package io.numshield.gateway;

import static io.numshield.gateway.EdgeIT.expectProblem;
import static io.numshield.gateway.SignedCalls.call;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.numshield.testsupport.TestInfrastructure;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A key revoked through one gateway instance is refused by another within 5 s (its key
 * cache ages out).
 */
class RevocationAcrossInstancesIT extends GatewayITSupport {

	@Test
	void aKeyRevokedOnOneInstanceIsRefusedByAnotherWithinFiveSeconds() {
		TestInfrastructure infra = TestInfrastructure.get();
		try (ConfigurableApplicationContext second = new SpringApplicationBuilder(GatewayApplication.class).run(
				"--server.port=0", "--management.server.port=0", "--spring.datasource.url=" + infra.jdbcUrl(),
				"--spring.datasource.username=" + infra.user(), "--spring.datasource.password=" + infra.password(),
				"--numshield.redis.url=" + infra.redisUrl(), "--numshield.redis.key-prefix=" + infra.keyPrefix(),
				"--numshield.keys.dir=" + infra.keysDir(), "--numshield.token.signing-key=" + infra.tokenSigningKey(),
				"--numshield.gateway.bootstrap-operator-key=",
				"--numshield.gateway.services.binding=" + UPSTREAM.url())) {
			int secondPort = ((WebServerApplicationContext) second).getWebServer().getPort();
			SignedCalls other = new SignedCalls("http://127.0.0.1:" + secondPort);
			SignedCalls.Key platform = issue("PLATFORM", "plat-two-instances", null);
			other.send(call("GET", "/v1/bindings", "orderId=ORD-1", null, platform)).expect(200);

			gateway().send(call("DELETE", "/v1/api-keys/" + platform.keyId(), null, null, OPERATOR)).expect(204);
			// the revocation holds from its answer on
			long revokedAt = System.nanoTime();

			await().atMost(Duration.ofSeconds(5))
				.pollInterval(Duration.ofMillis(100))
				.untilAsserted(
						() -> expectProblem(other.send(call("GET", "/v1/bindings", "orderId=ORD-1", null, platform)),
								401, "UNAUTHENTICATED"));
			assertThat(Duration.ofNanos(System.nanoTime() - revokedAt)).isLessThan(Duration.ofSeconds(5));
		}
	}

}
