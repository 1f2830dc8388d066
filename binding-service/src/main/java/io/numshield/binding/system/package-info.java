/** Cross-cutting wiring of binding-service: settings, who may call what, the clock. */
@NullMarked
package io.numshield.binding.system;

import org.jspecify.annotations.NullMarked;
