package io.numshield.binding;

import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.TestPropertySource;

/** {@link BadInputIT}'s refusals from the MVC controller, the hot path switched off. */
// closed after the class: a second context left running would sweep and mirror beside the
// one the other ITs watch
@DirtiesContext
@TestPropertySource(properties = "numshield.binding.hot-path.enabled=false")
class BadInputMvcPathIT extends BadInputIT {

}
