package io.numshield.gateway;

import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.TestPropertySource;

/**
 * {@link TenantIsolationIT} with the hot path switched off: every request through Gateway
 * MVC, as before issue 10. A context of its own beside the cached ones, closed afterwards
 * and with a small idle pool: the test PostgreSQL is shared.
 */
@TestPropertySource(
		properties = { "numshield.gateway.hot-path.enabled=false", "spring.datasource.hikari.minimum-idle=1" })
@DirtiesContext
class TenantIsolationMvcPathIT extends TenantIsolationIT {

}
