/** Wiring of call-routing-service: settings and who may call what. */
package io.numshield.routing.system;
