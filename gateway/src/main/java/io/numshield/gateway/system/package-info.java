/** Wiring shared by the gateway's features: Redis, the clock, problem documents. */
@NullMarked
package io.numshield.gateway.system;

import org.jspecify.annotations.NullMarked;
