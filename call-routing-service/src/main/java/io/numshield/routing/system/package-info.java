/**
 * Wiring of call-routing-service: settings, who may call what, and the warm-up of both
 * the route and the call-event paths.
 */
@NullMarked
package io.numshield.routing.system;

import org.jspecify.annotations.NullMarked;
