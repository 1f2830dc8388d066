package io.numshield.routing;

import org.springframework.test.context.TestPropertySource;

/** {@link RouteAnswersIT}'s exact answers from the MVC controller, the hot path switched off. */
@TestPropertySource(properties = "numshield.routing.hot-path.enabled=false")
class RouteAnswersMvcPathIT extends RouteAnswersIT {
}
