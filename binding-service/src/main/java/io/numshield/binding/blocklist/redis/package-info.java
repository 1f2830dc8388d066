/** Redis adapter of the blocklist: blind indexes in every shard, change events. */
@NullMarked
package io.numshield.binding.blocklist.redis;

import org.jspecify.annotations.NullMarked;
