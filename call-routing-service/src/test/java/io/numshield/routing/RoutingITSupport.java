package io.numshield.routing;

import io.numshield.core.crypto.PersonalDataProtector;
import io.numshield.core.redis.RedisKeys;
import io.numshield.support.redis.LeaseScripts;

import org.redisson.api.RedissonClient;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * What the integration tests that run call-routing-service take from it: its port, and
 * the Redis parts that put live leases in place as binding-service would
 * ({@link LiveLeases}). Each test keeps its own {@code @SpringBootTest} and
 * {@code @DynamicPropertySource}.
 */
public abstract class RoutingITSupport {

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

}
