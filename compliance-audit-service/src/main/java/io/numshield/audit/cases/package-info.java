/**
 * Regulators' case files (ADR 0030): open one from a signal, a trace, a binding or a
 * party; reveal it to its opener only; export it as a signed bundle.
 */
@NullMarked
package io.numshield.audit.cases;

import org.jspecify.annotations.NullMarked;
