/** Redis adapter of pools: block registrations in their shard, live usage counters. */
@NullMarked
package io.numshield.binding.pool.redis;

import org.jspecify.annotations.NullMarked;
