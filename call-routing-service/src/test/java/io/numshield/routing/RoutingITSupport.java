package io.numshield.routing;

import io.numshield.core.crypto.PersonalDataProtector;
import io.numshield.core.redis.RedisKeys;
import io.numshield.core.token.Audience;
import io.numshield.core.token.Role;
import io.numshield.support.redis.LeaseScripts;
import io.numshield.testsupport.TestInfrastructure;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import org.redisson.api.RedissonClient;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * What the integration tests that run call-routing-service take from it: its port, and
 * the Redis parts that put live leases in place as binding-service would
 * ({@link LiveLeases}). Each test keeps its own {@code @SpringBootTest} and
 * {@code @DynamicPropertySource}.
 */
public abstract class RoutingITSupport {

	private static final ObjectMapper JSON = JsonMapper.builder().build();

	@LocalServerPort
	protected int port;

	@Autowired
	protected LeaseScripts scripts;

	@Autowired
	protected RedisKeys keys;

	@Autowired
	protected PersonalDataProtector protector;

	@Autowired
	protected RedissonClient redisson;

	/** Leases made with the service's own scripts, keys and protector. */
	protected LiveLeases liveLeases() {
		return new LiveLeases(this.scripts, this.keys, this.protector, this.redisson);
	}

	/**
	 * {@code POST /v1/call-events} with {@code body}, as a carrier of
	 * {@link LiveLeases#POOL}.
	 */
	protected HttpResponse<String> postCallEvent(Object body) {
		return postAsCarrier("/v1/call-events", body);
	}

	/**
	 * {@code POST /v1/call-routes} with {@code body}, as a carrier of
	 * {@link LiveLeases#POOL}.
	 */
	protected HttpResponse<String> postRoute(Object body) {
		return postAsCarrier("/v1/call-routes", body);
	}

	private HttpResponse<String> postAsCarrier(String path, Object body) {
		try {
			return HttpClient.newHttpClient()
				.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + path))
					.header("Content-Type", "application/json")
					.header("Authorization",
							"Bearer " + TestInfrastructure.get()
								.mintToken(Audience.ROUTING, "carrier", Role.CARRIER, null, LiveLeases.POOL))
					.POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)))
					.build(), HttpResponse.BodyHandlers.ofString());
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

}
