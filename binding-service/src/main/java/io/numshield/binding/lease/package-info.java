/** The lease lifecycle: create (AXB, AXN), read, list by order, change, release, expire. */
package io.numshield.binding.lease;
