package io.numshield.binding;

import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.TestPropertySource;

/**
 * Every assertion of {@link BindingApiIT}, with the hot path switched off: the MVC
 * controller behind Spring Security must answer every binding rule and refusal exactly as
 * the hot path does (which {@link BindingApiIT} runs on, the default), so the switch is a
 * measurement, not a behaviour change.
 */
// closed after the class: a second context left running would sweep and mirror beside the
// one the other ITs watch
@DirtiesContext
@TestPropertySource(properties = "numshield.binding.hot-path.enabled=false")
class BindingApiMvcPathIT extends BindingApiIT {

}
