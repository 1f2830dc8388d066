/** The lease lifecycle: create (AXB, AXN), read, list by order, change, release, expire. */
@NullMarked
package io.numshield.binding.binding;

import org.jspecify.annotations.NullMarked;
