/** Ingestion: a consumer group on every shard stream, acknowledging only what the ledger committed. */
package io.numshield.audit.ingest;
