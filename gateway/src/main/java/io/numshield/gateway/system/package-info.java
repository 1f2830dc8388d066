/** Wiring shared by the gateway's features: Redis, personal-data keys, problem documents. */
package io.numshield.gateway.system;
