/**
 * The ledger: append-only rows in PostgreSQL, chained by SHA-256 over a documented,
 * versioned canonical form; the holdings projection; signed checkpoints of the chain
 * head; verification; the regulators' own connection pool and its limits.
 */
@NullMarked
package io.numshield.audit.ledger;

import org.jspecify.annotations.NullMarked;
