-- Number lifecycle (ADR 0026): a block an operator set draining leases nothing new; it may be
-- removed once no binding holds one of its numbers. Quarantines and carrier flags are live state
-- in Redis, recorded in the ledger (NUMBER_* events), not here.
ALTER TABLE pool_block ADD COLUMN draining_since timestamptz;
ALTER TABLE pool_block ADD COLUMN draining_by varchar(64);
