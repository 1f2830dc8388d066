/**
 * A platform's self-service inventory (ADR 0025): per pool, numbers, free numbers and its
 * own active bindings, and its quota.
 */
@NullMarked
package io.numshield.binding.inventory;

import org.jspecify.annotations.NullMarked;
