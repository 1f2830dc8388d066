/** Compliance audit: the append-only, hash-chained ledger regulators trace (filled by the audit issue). */
package io.numshield.audit;
