/**
 * AXG groups (ADR 0024): a platform's group of B numbers, reachable through an AXG
 * binding's X; its members are live state on the group's home shard, copied to each of
 * its bindings' shards.
 */
@NullMarked
package io.numshield.binding.group;

import org.jspecify.annotations.NullMarked;
