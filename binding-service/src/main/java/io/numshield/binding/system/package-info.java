/**
 * What every feature of binding-service may use, depending on none of them (ADR 0014):
 * the side effects of a change ({@code TransactionalSideEffects}), the start-up repair
 * port and its runner, who may call what, the clock.
 */
@NullMarked
package io.numshield.binding.system;

import org.jspecify.annotations.NullMarked;
