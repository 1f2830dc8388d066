/** Wiring of compliance-audit-service. */
@NullMarked
package io.numshield.audit.system;

import org.jspecify.annotations.NullMarked;
