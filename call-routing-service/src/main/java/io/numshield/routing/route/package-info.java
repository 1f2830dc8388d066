/**
 * The routing decision: one Lua script on the dialed number's shard decides and records
 * it.
 */
@NullMarked
package io.numshield.routing.route;

import org.jspecify.annotations.NullMarked;
