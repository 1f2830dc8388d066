/**
 * The lease lifecycle: create (AXB, AXN), read, list by order, change, release, expire.
 */
@NullMarked
package io.numshield.binding.lease;

import org.jspecify.annotations.NullMarked;
