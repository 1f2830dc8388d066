/**
 * The Redis key layout of live leases and the Lua scripts that change them, one shard at
 * a time; the pipelined connection the hot scripts run on
 * ({@link io.numshield.core.redis.ScriptConnection}).
 */
@NullMarked
package io.numshield.core.redis;

import org.jspecify.annotations.NullMarked;
