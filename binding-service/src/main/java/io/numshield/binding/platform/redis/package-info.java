/** Redis adapter of platforms: status in every shard, callback targets, status events. */
@NullMarked
package io.numshield.binding.platform.redis;

import org.jspecify.annotations.NullMarked;
