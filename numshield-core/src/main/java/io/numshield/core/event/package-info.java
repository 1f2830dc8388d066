/** The audit events that lease scripts append to each shard's stream. Schema: docs/events.md. */
package io.numshield.core.event;
