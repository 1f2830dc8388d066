/**
 * Ingestion: a consumer group on every shard stream, acknowledging only what the ledger
 * committed.
 */
@NullMarked
package io.numshield.audit.ingest;

import org.jspecify.annotations.NullMarked;
