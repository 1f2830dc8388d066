/** Redis adapter of the lease state: runs the lease scripts, reads records and counters, mirrors configuration into every shard. */
package io.numshield.binding.lease.redis;
