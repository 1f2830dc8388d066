/** The outbox relay's adapter to the shards' lease streams. */
package io.numshield.binding.outbox.redis;
