/** compliance-audit-service: every shard's event stream into an append-only, hash-chained ledger. */
package io.numshield.audit;
