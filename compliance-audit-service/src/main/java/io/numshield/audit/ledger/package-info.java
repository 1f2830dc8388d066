/** The ledger: append-only rows in PostgreSQL, chained by SHA-256 over a documented canonical form. */
package io.numshield.audit.ledger;
