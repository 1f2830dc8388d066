/**
 * Redis adapter of the number lifecycle: number.lua and numbers.lua on the number's
 * shard.
 */
@NullMarked
package io.numshield.binding.number.redis;

import org.jspecify.annotations.NullMarked;
