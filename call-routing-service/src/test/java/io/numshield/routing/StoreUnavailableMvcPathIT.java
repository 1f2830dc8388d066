package io.numshield.routing;

import org.springframework.test.context.TestPropertySource;

/**
 * {@link StoreUnavailableIT}'s answer from the MVC controller, the hot path switched off.
 */
@TestPropertySource(properties = "numshield.routing.hot-path.enabled=false")
class StoreUnavailableMvcPathIT extends StoreUnavailableIT {

}
