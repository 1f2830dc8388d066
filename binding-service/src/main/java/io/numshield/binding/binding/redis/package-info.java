/** Redis adapter of the lease state: runs the lease scripts, reads records and counters, mirrors configuration into every shard. */
@NullMarked
package io.numshield.binding.binding.redis;

import org.jspecify.annotations.NullMarked;
