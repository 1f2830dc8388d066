/** Wiring of compliance-audit-service. */
package io.numshield.audit.system;
