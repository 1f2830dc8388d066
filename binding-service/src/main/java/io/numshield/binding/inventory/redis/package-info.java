/** Redis adapter of the inventory: the shards' counters and free-number bitmaps. */
@NullMarked
package io.numshield.binding.inventory.redis;

import org.jspecify.annotations.NullMarked;
