/** Cross-cutting wiring of binding-service: settings, who may call what, the clock. */
package io.numshield.binding.system;
