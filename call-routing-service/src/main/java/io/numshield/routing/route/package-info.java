/** The routing decision: one Lua script on the dialed number's shard decides and records it. */
package io.numshield.routing.route;
