package io.numshield.routing;

import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.TestPropertySource;

/**
 * {@link RouteAnswersIT}'s exact answers from the MVC controller, the hot path switched
 * off.
 */
// closed after the class: a second context left running would deliver callbacks beside
// the one
// CallEventsIT stops and watches (its assertions saw deliveries made by this context's
// deliverer)
@DirtiesContext
@TestPropertySource(properties = "numshield.routing.hot-path.enabled=false")
class RouteAnswersMvcPathIT extends RouteAnswersIT {

}
