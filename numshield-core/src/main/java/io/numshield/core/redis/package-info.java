/** The Redis key layout of live leases and the Lua scripts that change them, one shard at a time. */
package io.numshield.core.redis;
