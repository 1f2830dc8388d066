package io.numshield.routing.callback;

import org.springframework.test.context.TestPropertySource;

/**
 * Every assertion of {@link CallEventsIT}, with the hot path switched off: the MVC
 * controller behind Spring Security must record and refuse call events exactly as the hot
 * path does. Its context is closed after the class ({@code @DirtiesContext}, inherited).
 */
@TestPropertySource(properties = "numshield.routing.hot-path.enabled=false")
class CallEventsMvcPathIT extends CallEventsIT {

}
