/** Wiring of call-routing-service: settings and who may call what. */
@NullMarked
package io.numshield.routing.system;

import org.jspecify.annotations.NullMarked;
