/**
 * The transactional outbox of binding-service's audit events (ADR 0016): an admin change
 * writes its event as a row of its own transaction
 * ({@link io.numshield.binding.outbox.AuditOutbox}), and one relay at a time across every
 * instance writes the rows to their shard's lease stream in order
 * ({@link io.numshield.binding.outbox.OutboxRelay}).
 */
@NullMarked
package io.numshield.binding.outbox;

import org.jspecify.annotations.NullMarked;
