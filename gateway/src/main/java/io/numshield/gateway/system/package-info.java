/** Wiring shared by the gateway's features: Redis, the clock, problem documents. */
package io.numshield.gateway.system;
