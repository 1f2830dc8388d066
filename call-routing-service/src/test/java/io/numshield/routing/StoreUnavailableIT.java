package io.numshield.routing;

import static org.assertj.core.api.Assertions.assertThat;

import io.numshield.core.number.ManagementNumber;
import io.numshield.core.number.VirtualNumber;
import io.numshield.core.token.Audience;
import io.numshield.core.token.Role;
import io.numshield.testsupport.PhoneFixtures;
import io.numshield.testsupport.RedisServerProcess;
import io.numshield.testsupport.TestInfrastructure;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * A carrier whose route cannot be decided because Redis went away (a master dying before
 * its replica takes over, a restart) is told to try again, 503 {@code STORE_UNAVAILABLE}
 * with {@code Retry-After}, not 500 {@code INTERNAL_ERROR}, which says "our bug". The
 * service runs on a {@code redis-server} of this test's own, which the test stops;
 * {@link StoreUnavailableMvcPathIT} asks the same of the MVC path.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "numshield.redis.timeout=1s")
@DirtiesContext
class StoreUnavailableIT extends RoutingITSupport {

	private static final ObjectMapper JSON = JsonMapper.builder().build();

	private static RedisServerProcess redis;

	@BeforeAll
	static void ownRedis() throws IOException {
		redis = RedisServerProcess.start(Files.createTempDirectory("numshield-store-unavailable"), false, List.of());
	}

	@AfterAll
	static void stopRedis() {
		redis.close();
	}

	@DynamicPropertySource
	static void infrastructure(DynamicPropertyRegistry registry) {
		TestInfrastructure.get().register(registry);
		registry.add("numshield.redis.url", () -> "redis://127.0.0.1:" + redis.port());
	}

	@Test
	void aRouteWhileRedisIsAwayIsToldToTryAgain() {
		LiveLeases leases = liveLeases();
		leases.platform("store-plat", "ACTIVE");
		ManagementNumber block = ManagementNumber.segment700("70090000001");
		leases.block(block);
		VirtualNumber x = block.numberAt(3);
		String a = PhoneFixtures.mobile();
		String b = PhoneFixtures.mobile();
		leases.axb("store-plat", x, a, b, "BOTH", false);
		assertThat(route(a, x).statusCode()).as("with Redis up").isEqualTo(200);

		redis.close();
		HttpResponse<String> refused = route(a, x);

		assertThat(refused.statusCode()).as(refused.body()).isEqualTo(503);
		assertThat(refused.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		assertThat(refused.headers().firstValue("Retry-After")).hasValue("1");
		JsonNode problem = JSON.readTree(refused.body());
		assertThat(problem.get("code").asString()).isEqualTo("STORE_UNAVAILABLE");
		assertThat(problem.get("status").asInt()).isEqualTo(503);
		assertThat(refused.body()).doesNotContain(a.substring(a.length() - 8), b.substring(b.length() - 8));
	}

	private HttpResponse<String> route(String caller, VirtualNumber called) {
		String token = TestInfrastructure.get()
			.mintToken(Audience.ROUTING, "store-key", Role.CARRIER, "store-plat", LiveLeases.POOL);
		String body = JSON.writeValueAsString(
				Map.of("callId", "c-store", "caller", caller, "called", called.digits(), "type", "VOICE"));
		HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/call-routes"))
			.header("Content-Type", "application/json")
			.header("Authorization", "Bearer " + token)
			.POST(HttpRequest.BodyPublishers.ofString(body))
			.build();
		try {
			return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
		}
		catch (IOException | InterruptedException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
