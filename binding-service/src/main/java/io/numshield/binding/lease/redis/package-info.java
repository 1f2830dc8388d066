/**
 * Redis adapter of the lease state: runs the lease scripts, reads records, counters and
 * the audit backlog; the warm-up's stores.
 */
@NullMarked
package io.numshield.binding.lease.redis;

import org.jspecify.annotations.NullMarked;
