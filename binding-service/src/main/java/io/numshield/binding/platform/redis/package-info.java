/** Redis adapter of platforms: status in every shard, callback targets, status events. */
package io.numshield.binding.platform.redis;
