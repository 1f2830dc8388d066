/**
 * Groups in Redis: {@code group.lua} on the home shard, {@code group-sync.lua} on a
 * binding's.
 */
@NullMarked
package io.numshield.binding.group.redis;

import org.jspecify.annotations.NullMarked;
