/**
 * The audit events that lease scripts append to each shard's stream. Schema:
 * docs/events.md.
 */
@NullMarked
package io.numshield.core.event;

import org.jspecify.annotations.NullMarked;
