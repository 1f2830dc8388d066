/**
 * Wiring shared by the gateway's features: its Redis key layout, the clock, the edge's
 * Tomcat; the rest is service-support's (ADR 0017).
 */
@NullMarked
package io.numshield.gateway.system;

import org.jspecify.annotations.NullMarked;
