package io.numshield.routing;

import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.TestPropertySource;

/**
 * Every assertion of {@link CallRoutingIT}, with the hot path switched off: the MVC
 * controller behind Spring Security must answer every routing rule, refusal and backlog
 * exactly as the hot path does (which {@link CallRoutingIT} runs on, the default), so the
 * switch is a measurement, not a behaviour change.
 */
// closed after the class: a second context left running would deliver callbacks beside
// the one
// CallEventsIT stops and watches (its assertions saw deliveries made by this context's
// deliverer)
@DirtiesContext
@TestPropertySource(properties = "numshield.routing.hot-path.enabled=false")
class CallRoutingMvcPathIT extends CallRoutingIT {

}
