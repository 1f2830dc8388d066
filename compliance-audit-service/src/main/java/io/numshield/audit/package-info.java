/**
 * compliance-audit-service: every shard's event stream into an append-only, hash-chained
 * ledger.
 */
@NullMarked
package io.numshield.audit;

import org.jspecify.annotations.NullMarked;
