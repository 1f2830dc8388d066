package io.numshield.audit;

import io.numshield.core.crypto.PersonalDataProtector;
import io.numshield.core.redis.RedisKeys;
import io.numshield.support.redis.LeaseScripts;

import org.redisson.api.RedissonClient;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * One application context for every audit IT (one ingestor, one consumer name): tests that stop
 * and start the ingestor, or take the database away, then act on the only one there is. Gives
 * every test the beans it uses to make leases with the real scripts and to read the ledger.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
public abstract class AuditIntegrationTest {

	@Autowired
	protected LeaseScripts scripts;

	@Autowired
	protected RedisKeys keys;

	@Autowired
	protected PersonalDataProtector protector;

	@Autowired
	protected RedissonClient redisson;

	/** The service's own connection: role numshield_audit_app. */
	@Autowired
	protected JdbcTemplate jdbc;

	@DynamicPropertySource
	static void infrastructure(DynamicPropertyRegistry registry) {
		AuditTestContext.register(registry);
	}

	protected AuditTestContext leases() {
		return new AuditTestContext(scripts, keys, protector, redisson);
	}
}
