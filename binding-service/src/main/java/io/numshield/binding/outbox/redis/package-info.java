/** The outbox relay's adapter to the shards' lease streams. */
@NullMarked
package io.numshield.binding.outbox.redis;

import org.jspecify.annotations.NullMarked;
