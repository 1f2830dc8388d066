/** Redis adapter of the blocklist: blind indexes in every shard, change events. */
package io.numshield.binding.blocklist.redis;
