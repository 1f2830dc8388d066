/** Redis adapter of pools: block registrations in their shard, live usage counters. */
package io.numshield.binding.pool.redis;
